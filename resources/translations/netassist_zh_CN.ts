<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AutoReplyDialog</name>
    <message>
        <location filename="../../ui/tools.py" line="432"/>
        <source>Auto-reply rules</source>
        <translation>自动应答规则</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="436"/>
        <source>On</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="436"/>
        <source>Match</source>
        <translation>匹配方式</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="436"/>
        <source>Pattern</source>
        <translation>匹配内容</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="436"/>
        <source>Reply</source>
        <translation>应答内容</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="437"/>
        <source>Reply is hex</source>
        <translation>应答为HEX</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="437"/>
        <source>Delay (ms)</source>
        <translation>延时(毫秒)</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="437"/>
        <source>Hits</source>
        <translation>命中次数</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="440"/>
        <source>Echo everything received (ignores the rules)</source>
        <translation>原样回显收到的数据（忽略规则）</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="443"/>
        <source>Add rule</source>
        <translation>添加规则</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="444"/>
        <source>Delete rule</source>
        <translation>删除规则</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="479"/>
        <source>Delay</source>
        <translation>延时</translation>
    </message>
</context>
<context>
    <name>ChecksumControls</name>
    <message>
        <location filename="../../ui/tools.py" line="82"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="82"/>
        <source>SUM8 (add)</source>
        <translation>SUM8（累加和）</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="83"/>
        <source>SUM8 negated (two&apos;s complement)</source>
        <translation>SUM8 取反（补码）</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="83"/>
        <source>XOR8 (BCC)</source>
        <translation>XOR8（异或校验 BCC）</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="84"/>
        <source>Append checksum</source>
        <translation>自动发送附加位</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="86"/>
        <source>Checksum from byte</source>
        <translation>校验起始字节</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="87"/>
        <source>Bytes left out at the end</source>
        <translation>末尾不参与校验的字节数</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="88"/>
        <source>Checksum byte order</source>
        <translation>校验字节序</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="89"/>
        <source>Usual</source>
        <translation>常用</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="89"/>
        <source>MSB first</source>
        <translation>高字节在前</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="89"/>
        <source>LSB first</source>
        <translation>低字节在前</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="92"/>
        <source>Fixed bytes appended (hex)</source>
        <translation>附加固定字节（HEX）</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="93"/>
        <source>e.g. 0D 0A</source>
        <translation>例如 0D 0A</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="96"/>
        <source>Checksum</source>
        <translation>校验</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="99"/>
        <source>…end −</source>
        <translation>…末尾 −</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="101"/>
        <source>Over bytes</source>
        <translation>校验范围</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="102"/>
        <source>Byte order</source>
        <translation>字节序</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="103"/>
        <source>Then append</source>
        <translation>再附加</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../ui/main.py" line="42"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../ui/main.py" line="43"/>
        <source>Something went wrong; NetAssist keeps running.</source>
        <translation>出现了问题；NetAssist 仍在运行。</translation>
    </message>
</context>
<context>
    <name>FileSendControls</name>
    <message>
        <location filename="../../ui/tools.py" line="282"/>
        <source>Length header before the file</source>
        <translation>文件前的长度头</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="283"/>
        <source>No length header</source>
        <translation>无长度头</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="283"/>
        <source>2-byte length, big endian</source>
        <translation>2字节长度，大端</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="284"/>
        <source>2-byte length, little endian</source>
        <translation>2字节长度，小端</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="285"/>
        <source>4-byte length, big endian</source>
        <translation>4字节长度，大端</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="286"/>
        <source>4-byte length, little endian</source>
        <translation>4字节长度，小端</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="287"/>
        <source>Send file…</source>
        <translation>发送文件…</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="290"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="302"/>
        <source>Datagram size</source>
        <translation>数据报大小</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="302"/>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="303"/>
        <source>Pause between datagrams</source>
        <translation>数据报间隔</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="304"/>
        <source>Datagram</source>
        <translation>数据报</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="305"/>
        <source>Pause</source>
        <translation>间隔</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../ui/receive_pane.py" line="49"/>
        <source>Show messages of</source>
        <extracomment>Peers the peer filter lists at most (the newest first beyond that).</extracomment>
        <translation>显示哪个对端的消息</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="50"/>
        <source>All peers</source>
        <translation>全部对端</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="55"/>
        <source>Show directions</source>
        <translation>显示方向</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="56"/>
        <source>RX only</source>
        <translation>仅接收</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="56"/>
        <source>All directions</source>
        <translation>全部方向</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="57"/>
        <source>TX only</source>
        <translation>仅发送</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="57"/>
        <source>Notices only</source>
        <translation>仅提示</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="61"/>
        <source>Show only messages containing</source>
        <translation>只显示包含此内容的消息</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="62"/>
        <source>Filter messages…</source>
        <translation>过滤消息…</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="65"/>
        <source>Regular expression</source>
        <translation>正则表达式</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="68"/>
        <source>Invert the filter</source>
        <translation>反向过滤</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="66"/>
        <source>The filter is a regular expression</source>
        <translation>过滤条件是正则表达式</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="69"/>
        <source>Show the messages that do not match</source>
        <translation>显示不匹配的消息</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="100"/>
        <source>Invalid regular expression: %1</source>
        <translation>正则表达式无效：%1</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="111"/>
        <source>Show only the messages whose text (as shown) contains this</source>
        <translation>只显示（按当前显示的）文本包含此内容的消息</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../ui/receive_pane.py" line="140"/>
        <source>Find in received data</source>
        <translation>在接收数据中查找</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="141"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="144"/>
        <source>Find mode</source>
        <translation>查找方式</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="145"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="145"/>
        <source>Regex</source>
        <translation>正则</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="145"/>
        <source>Hex bytes</source>
        <translation>十六进制字节</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="147"/>
        <source>Aa</source>
        <translation>Aa</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="149"/>
        <location filename="../../ui/receive_pane.py" line="150"/>
        <source>Match case</source>
        <translation>区分大小写</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="151"/>
        <source>Find previous (Shift+F3)</source>
        <translation>查找上一个（Shift+F3）</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="151"/>
        <source>Find previous</source>
        <translation>查找上一个</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="152"/>
        <source>Find next</source>
        <translation>查找下一个</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="152"/>
        <source>Find next (F3, Enter)</source>
        <translation>查找下一个（F3、回车）</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="153"/>
        <source>Close find bar</source>
        <translation>关闭查找栏</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="210"/>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="210"/>
        <source>Searching…</source>
        <translation>正在查找…</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="213"/>
        <source>%1 of %2</source>
        <translation>第 %1 个，共 %2 个</translation>
    </message>
</context>
<context>
    <name>FramingControls</name>
    <message>
        <location filename="../../ui/tools.py" line="176"/>
        <location filename="../../ui/tools.py" line="212"/>
        <source>Framing</source>
        <translation>分帧</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="177"/>
        <source>As received</source>
        <translation>按接收原样</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="177"/>
        <source>Delimiter</source>
        <translation>分隔符</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="177"/>
        <source>Fixed length</source>
        <translation>固定长度</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="178"/>
        <source>Length prefix</source>
        <translation>长度前缀</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="178"/>
        <location filename="../../ui/tools.py" line="204"/>
        <source>Idle gap</source>
        <translation>空闲间隔</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="184"/>
        <source>Delimiter (hex)</source>
        <translation>分隔符（HEX）</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="187"/>
        <source>Frame length</source>
        <translation>帧长度</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="187"/>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="192"/>
        <source>Length field offset</source>
        <translation>长度字段偏移</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="193"/>
        <source>Length field size</source>
        <translation>长度字段大小</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="195"/>
        <source>Length byte order</source>
        <translation>长度字节序</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="196"/>
        <source>Big endian</source>
        <translation>大端</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="196"/>
        <source>Little endian</source>
        <translation>小端</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="197"/>
        <source>Length counts the header</source>
        <translation>长度包含帧头</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="199"/>
        <source>Offset</source>
        <translation>偏移</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="200"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="201"/>
        <source>Order</source>
        <translation>字节序</translation>
    </message>
</context>
<context>
    <name>LogPage</name>
    <message>
        <location filename="../../ui/log_page.py" line="31"/>
        <source>Text encoding</source>
        <translation>文本编码</translation>
    </message>
    <message>
        <location filename="../../ui/log_page.py" line="34"/>
        <source>Show as hex</source>
        <translation>十六进制显示</translation>
    </message>
    <message>
        <location filename="../../ui/log_page.py" line="36"/>
        <source>Log mode (time, direction, peer)</source>
        <translation>按日志模式显示（时间、方向、对端）</translation>
    </message>
    <message>
        <location filename="../../ui/log_page.py" line="39"/>
        <source>Wrap lines</source>
        <translation>自动换行</translation>
    </message>
    <message>
        <location filename="../../ui/log_page.py" line="45"/>
        <source>%1 — %2 records (read-only)</source>
        <translation>%1 — %2 条记录（只读）</translation>
    </message>
    <message>
        <location filename="../../ui/log_page.py" line="49"/>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="81"/>
        <source>NetAssist — network debugging assistant</source>
        <extracomment>Emitted once the window has closed and every session has stopped.</extracomment>
        <translation>NetAssist — 网络调试助手</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="145"/>
        <source>New TCP &amp;Server</source>
        <extracomment>Set when the user asked to restart (to switch language); the entry point starts again.</extracomment>
        <translation>新建 TCP 服务器(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="146"/>
        <source>New TCP &amp;Client</source>
        <translation>新建 TCP 客户端(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="147"/>
        <source>New &amp;UDP</source>
        <translation>新建 &amp;UDP</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="148"/>
        <source>&amp;Open log…</source>
        <translation>打开日志(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="149"/>
        <source>Save &amp;view…</source>
        <translation>保存显示内容(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="150"/>
        <source>&amp;Import quick commands…</source>
        <translation>导入快捷指令(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="151"/>
        <source>&amp;Export quick commands…</source>
        <translation>导出快捷指令(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="152"/>
        <source>&amp;Close tab</source>
        <translation>关闭标签页(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="153"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="154"/>
        <source>&amp;About NetAssist</source>
        <translation>关于 NetAssist(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="156"/>
        <source>&amp;Session</source>
        <translation>会话(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="168"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="173"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="181"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="184"/>
        <source>Sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="223"/>
        <location filename="../../ui/main_window.py" line="231"/>
        <source>Import quick commands</source>
        <translation>导入快捷指令</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="236"/>
        <source>Export quick commands</source>
        <translation>导出快捷指令</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="243"/>
        <source>Open a session log</source>
        <translation>打开会话日志</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="244"/>
        <source>JSON Lines logs (*.jsonl);;All files (*)</source>
        <translation>JSON Lines 日志 (*.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="258"/>
        <source>Save what the view holds</source>
        <translation>保存显示区的内容</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="259"/>
        <source>JSON Lines, loses nothing (*.jsonl);;Text like the view (*.log *.txt)</source>
        <translation>JSON Lines，完整无损 (*.jsonl);;与显示相同的文本 (*.log *.txt)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="366"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="367"/>
        <source>The language changes when NetAssist starts again. Restart now? Open sessions will be closed.</source>
        <translation>语言将在 NetAssist 重新启动后生效。现在重启吗？打开的会话将被关闭。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="375"/>
        <source>About NetAssist</source>
        <translation>关于 NetAssist</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="378"/>
        <source>&lt;h3&gt;NetAssist %1&lt;/h3&gt;&lt;p&gt;A network debugging assistant (网络调试助手) for TCP and UDP.&lt;/p&gt;&lt;p&gt;Licence: MIT. Python %2, Qt %3.&lt;/p&gt;&lt;p&gt;Report problems and ideas at &lt;a href=&quot;%4&quot;&gt;%4&lt;/a&gt;.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;NetAssist %1&lt;/h3&gt;&lt;p&gt;TCP 与 UDP 网络调试助手。&lt;/p&gt;&lt;p&gt;许可证：MIT。Python %2，Qt %3。&lt;/p&gt;&lt;p&gt;问题与建议请提交到 &lt;a href=&quot;%4&quot;&gt;%4&lt;/a&gt;。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>PeerList</name>
    <message>
        <location filename="../../ui/peer_table.py" line="241"/>
        <source>Connected clients</source>
        <extracomment>The selection changed: the peers selected (``host:port``), first one first.</extracomment>
        <translation>已连接的客户端</translation>
    </message>
    <message>
        <location filename="../../ui/peer_table.py" line="256"/>
        <source>Disconnect selected</source>
        <translation>断开所选</translation>
    </message>
    <message>
        <location filename="../../ui/peer_table.py" line="258"/>
        <source>Show only the selected client&apos;s messages</source>
        <translation>只显示所选客户端的消息</translation>
    </message>
    <message>
        <location filename="../../ui/peer_table.py" line="277"/>
        <source>Clients (%1)</source>
        <translation>客户端（%1）</translation>
    </message>
</context>
<context>
    <name>PeerTable</name>
    <message>
        <location filename="../../ui/peer_table.py" line="83"/>
        <source>Client</source>
        <extracomment>It finished sending (a half-close): still open for replies, shown greyed. The counters in the table change at most this often (a table is read, not watched like the byte counts). More row removals than this at once are applied as one layout change, not one signal each.</extracomment>
        <translation>客户端</translation>
    </message>
    <message>
        <location filename="../../ui/peer_table.py" line="83"/>
        <source>RX</source>
        <translation>接收</translation>
    </message>
    <message>
        <location filename="../../ui/peer_table.py" line="83"/>
        <source>TX</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../ui/peer_table.py" line="83"/>
        <source>RX/s</source>
        <translation>接收速率</translation>
    </message>
    <message>
        <location filename="../../ui/peer_table.py" line="83"/>
        <source>Since</source>
        <translation>连接时间</translation>
    </message>
    <message>
        <location filename="../../ui/peer_table.py" line="84"/>
        <source>The client&apos;s address and port</source>
        <translation>客户端的地址和端口</translation>
    </message>
    <message>
        <location filename="../../ui/peer_table.py" line="84"/>
        <source>Bytes received from it</source>
        <translation>从它接收的字节数</translation>
    </message>
    <message>
        <location filename="../../ui/peer_table.py" line="85"/>
        <source>Bytes sent to it</source>
        <translation>发送给它的字节数</translation>
    </message>
    <message>
        <location filename="../../ui/peer_table.py" line="85"/>
        <source>Bytes a second received from it</source>
        <translation>每秒从它接收的字节数</translation>
    </message>
    <message>
        <location filename="../../ui/peer_table.py" line="86"/>
        <source>When it connected</source>
        <translation>它连接的时间</translation>
    </message>
    <message>
        <location filename="../../ui/peer_table.py" line="87"/>
        <source>It finished sending; the connection stays open for replies until it is kicked or closes</source>
        <translation>对方已结束发送；连接保持打开以便回复，直到被断开或对方关闭</translation>
    </message>
</context>
<context>
    <name>PeriodicControls</name>
    <message>
        <location filename="../../ui/tools.py" line="138"/>
        <source>Send every</source>
        <extracomment>What it keeps (see ui.options): checked when loaded, so a hand-edited file cannot break it.</extracomment>
        <translation>循环周期</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="140"/>
        <source>Periodic send</source>
        <translation>定时发送</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="141"/>
        <source>Period in milliseconds</source>
        <translation>周期（毫秒）</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="142"/>
        <source>How many times (0 = until stopped)</source>
        <translation>发送次数（0 = 直到停止）</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="143"/>
        <source>until stopped</source>
        <translation>直到停止</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="153"/>
        <source>Times</source>
        <translation>次数</translation>
    </message>
</context>
<context>
    <name>QuickCommandsPanel</name>
    <message>
        <location filename="../../ui/tools.py" line="331"/>
        <location filename="../../ui/tools.py" line="357"/>
        <source>Quick commands</source>
        <translation>快捷指令</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="343"/>
        <source>Add the editor&apos;s content as a quick command</source>
        <translation>把编辑框的内容添加为快捷指令</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="342"/>
        <source>Add quick command</source>
        <translation>添加快捷指令</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="332"/>
        <source>▶ sends a command with one click; Ctrl+1…9 send the first nine</source>
        <translation>点 ▶ 一键发送；Ctrl+1…9 发送前九条</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="344"/>
        <source>Delete quick command</source>
        <translation>删除快捷指令</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="346"/>
        <source>Put the selected command in the editor</source>
        <translation>把所选指令放入编辑框</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="376"/>
        <source>Send %1</source>
        <translation>发送 %1</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="345"/>
        <source>Edit quick command</source>
        <translation>编辑快捷指令</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="348"/>
        <source>Save the editor&apos;s content into the selected command</source>
        <translation>把编辑框的内容保存到所选指令</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="347"/>
        <source>Save into quick command</source>
        <translation>保存到快捷指令</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="349"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../ui/tools.py" line="350"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
</context>
<context>
    <name>ReceivePane</name>
    <message>
        <location filename="../../ui/receive_pane.py" line="253"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="256"/>
        <source>Copy as hex</source>
        <translation>复制为十六进制</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="258"/>
        <source>Select all</source>
        <translation>全选</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="261"/>
        <source>Find…</source>
        <translation>查找…</translation>
    </message>
    <message>
        <location filename="../../ui/receive_pane.py" line="263"/>
        <source>Jump to the newest data</source>
        <translation>跳到最新数据</translation>
    </message>
</context>
<context>
    <name>ReceiveView</name>
    <message>
        <location filename="../../ui/receive_view.py" line="84"/>
        <source>Received data</source>
        <extracomment>Layout work per slice, and the pause after one (the loop reads sockets in between). More new bytes than this between two updates is a flood: the view then paints a provisional tail of the newest FLOOD_TAIL_BYTES while the layout catches up in slices. Records a provisional layout starts before the rows it shows (decoders and framing find their feet). Find progressed: (index of the current match or -1, matches so far, search complete).</extracomment>
        <translation>接收数据</translation>
    </message>
    <message>
        <location filename="../../ui/receive_view.py" line="93"/>
        <source>RX from</source>
        <translation>收←</translation>
    </message>
    <message>
        <location filename="../../ui/receive_view.py" line="93"/>
        <source>TX to</source>
        <translation>发→</translation>
    </message>
    <message>
        <location filename="../../ui/receive_view.py" line="94"/>
        <source>… %1 bytes (click to show)</source>
        <translation>… 共 %1 字节（点击展开）</translation>
    </message>
    <message>
        <location filename="../../ui/receive_view.py" line="95"/>
        <source>… file, %1 bytes (click to show)</source>
        <translation>… 文件，共 %1 字节（点击展开）</translation>
    </message>
    <message>
        <location filename="../../ui/receive_view.py" line="138"/>
        <source>Jump to the newest data</source>
        <translation>跳到最新数据</translation>
    </message>
    <message>
        <location filename="../../ui/receive_view.py" line="424"/>
        <source>↓ %1 new</source>
        <translation>↓ %1 条新消息</translation>
    </message>
    <message>
        <location filename="../../ui/receive_view.py" line="490"/>
        <source>Display hidden: data is still counted, kept and logged</source>
        <translation>显示已隐藏：数据仍在计数、保存和记录</translation>
    </message>
</context>
<context>
    <name>SessionPage</name>
    <message>
        <location filename="../../ui/session_page.py" line="333"/>
        <source>Network settings</source>
        <extracomment>A paste longer than this is held as a payload, not put in the editor (a text widget with one line of a megabyte took a minute to lay out). Something that should be saved changed (settings, history, splitter). The tab title should change. Clients that connected or left since the last tick (applied together). Settings that could not be read and were reset (the window shows them).</extracomment>
        <translation>网络设置</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="337"/>
        <source>Protocol</source>
        <translation>协议类型</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="343"/>
        <source>Local host address</source>
        <translation>本地主机地址</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="344"/>
        <source>Local host</source>
        <translation>本地主机地址</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="345"/>
        <location filename="../../ui/session_page.py" line="346"/>
        <location filename="../../ui/session_page.py" line="355"/>
        <source>Local port</source>
        <translation>本地主机端口</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="348"/>
        <location filename="../../ui/session_page.py" line="349"/>
        <source>Remote host</source>
        <translation>远程主机地址</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="350"/>
        <location filename="../../ui/session_page.py" line="351"/>
        <source>Remote port</source>
        <translation>远程主机端口</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="353"/>
        <source>Local port (0 = any)</source>
        <translation>本地端口（0 = 任意）</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="354"/>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="357"/>
        <source>Allow broadcast</source>
        <translation>允许广播</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="359"/>
        <source>Reply to last sender</source>
        <translation>回复最后的发送方</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="361"/>
        <source>Receive buffer in KiB</source>
        <translation>接收缓冲区（KiB）</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="362"/>
        <source> KiB</source>
        <translation> KiB</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="363"/>
        <source>system default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="364"/>
        <source>What the socket asks the kernel to hold while the window is busy</source>
        <translation>窗口繁忙时由内核代为缓存的数据量</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="365"/>
        <source>Receive buffer</source>
        <translation>接收缓冲区</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="368"/>
        <location filename="../../ui/session_page.py" line="369"/>
        <source>Multicast group</source>
        <translation>组播地址</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="370"/>
        <source>Multicast interface</source>
        <translation>组播网卡</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="372"/>
        <source>Interface</source>
        <translation>网卡</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="374"/>
        <source>Join</source>
        <translation>加入</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="376"/>
        <source>Leave</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="389"/>
        <source>Session state</source>
        <translation>会话状态</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="394"/>
        <source>Receive settings</source>
        <translation>接收设置</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="398"/>
        <source>Text encoding</source>
        <translation>文本编码</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="402"/>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="405"/>
        <location filename="../../ui/session_page.py" line="441"/>
        <source>Hex</source>
        <translation>HEX</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="406"/>
        <source>Show received data as hex</source>
        <translation>以十六进制显示接收数据</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="407"/>
        <source>Log mode</source>
        <translation>按日志模式显示</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="408"/>
        <source>Time, direction and peer before each message</source>
        <translation>每条消息前显示时间、方向和对端</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="409"/>
        <source>Wrap lines</source>
        <translation>自动换行</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="410"/>
        <source>Auto-scroll</source>
        <translation>自动滚动</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="411"/>
        <source>Hide display</source>
        <translation>暂停显示</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="412"/>
        <source>Stop drawing received data; counting and logging go on</source>
        <translation>不再显示接收数据；计数和日志照常进行</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="419"/>
        <source>Save received data to file…</source>
        <translation>接收保存到文件…</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="421"/>
        <source>One file per client</source>
        <translation>每个客户端一个文件</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="426"/>
        <source>Log session to file…</source>
        <translation>会话日志保存到文件…</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="433"/>
        <source>Clear display</source>
        <translation>清除接收</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="439"/>
        <source>Send settings</source>
        <translation>发送设置</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="442"/>
        <source>Type hex digits; they are sent as bytes</source>
        <translation>输入十六进制数字，按字节发送</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="443"/>
        <source>Escapes \r \n \xNN</source>
        <translation>转义符 \r \n \xNN</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="444"/>
        <source>In text: \r \n \t \\ \0 and \xNN (a raw byte)</source>
        <translation>文本中可用：\r \n \t \\ \0 和 \xNN（原始字节）</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="452"/>
        <source>Send tools</source>
        <translation>发送工具</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="459"/>
        <source>Answer received data by rules</source>
        <translation>按规则自动应答</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="460"/>
        <source>Echo: send back everything received</source>
        <translation>回显：把收到的数据原样发回</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="461"/>
        <source>Edit rules…</source>
        <translation>编辑规则…</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="467"/>
        <source>Checksum</source>
        <translation>校验</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="467"/>
        <source>Periodic</source>
        <translation>循环发送</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="468"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="468"/>
        <source>Auto-reply</source>
        <translation>自动应答</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="487"/>
        <source>Data to send</source>
        <translation>待发送数据</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="488"/>
        <source>Type data to send; Ctrl+Enter sends, Up/Down recall history</source>
        <translation>输入要发送的数据；Ctrl+Enter 发送，↑/↓ 调出历史</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="497"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="499"/>
        <source>Clear the pasted payload</source>
        <translation>清除粘贴的数据</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="514"/>
        <source>The bytes that will go out, checksum included</source>
        <translation>将要发出的字节（含校验）</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="523"/>
        <source>Send to</source>
        <translation>发送到</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="524"/>
        <location filename="../../ui/session_page.py" line="965"/>
        <source>All clients</source>
        <translation>所有客户端</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="527"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="530"/>
        <source>Send (Ctrl+Enter)</source>
        <translation>发送（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="534"/>
        <source>Send history</source>
        <translation>历史发送</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="535"/>
        <source>History</source>
        <translation>历史发送</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="538"/>
        <source>Clear history</source>
        <translation>清除历史</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="553"/>
        <source>RX:</source>
        <translation>接收：</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="556"/>
        <source>Bytes received</source>
        <translation>接收字节数</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="558"/>
        <source>TX:</source>
        <translation>发送：</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="561"/>
        <source>Bytes sent</source>
        <translation>发送字节数</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="565"/>
        <source>Data rates</source>
        <translation>数据速率</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="571"/>
        <source>Reset counters</source>
        <translation>复位计数</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="864"/>
        <source>Start listening</source>
        <translation>开始监听</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="864"/>
        <source>Stop listening</source>
        <translation>停止监听</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="865"/>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="865"/>
        <source>Disconnect</source>
        <translation>断开</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="866"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="866"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="871"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="887"/>
        <source>Receive buffer: asked for %1 KiB, the kernel granted %2 KiB</source>
        <translation>接收缓冲区：申请 %1 KiB，内核给予 %2 KiB</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="944"/>
        <source>Send target %1 disconnected: %2</source>
        <translation>发送目标 %1 已断开：%2</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="1003"/>
        <source>%1 datagrams/s</source>
        <translation>%1 个数据报/秒</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="1090"/>
        <source>Pasted %1 characters: too long to edit here. Send sends them as they are.</source>
        <translation>已粘贴 %1 个字符：太长，无法在此编辑。点击发送将原样发送。</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="1125"/>
        <source>Sends %1 bytes: %2</source>
        <translation>将发送 %1 字节：%2</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="1245"/>
        <source>Sent %1</source>
        <translation>已发送 %1 次</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="1247"/>
        <source>, %1 ticks skipped</source>
        <translation>，跳过 %1 次</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="1249"/>
        <source>paused: the peer is not reading</source>
        <translation>已暂停：对端没有读取数据</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="1251"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="1252"/>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="1257"/>
        <source>Send a file</source>
        <translation>发送文件</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="1272"/>
        <source>%v of %m bytes</source>
        <translation>%v / %m 字节</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="1288"/>
        <source>Sent %1 bytes</source>
        <translation>已发送 %1 字节</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="1292"/>
        <location filename="../../ui/session_page.py" line="1295"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="1298"/>
        <source>Cancelled at %v of %m bytes</source>
        <translation>已取消，发送了 %v / %m 字节</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="1317"/>
        <source>Save received data to</source>
        <translation>接收数据保存到</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="1354"/>
        <source>Log this session to</source>
        <translation>会话日志保存到</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="1355"/>
        <source>Text log (*.log *.txt)</source>
        <translation>文本日志 (*.log *.txt)</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="1394"/>
        <source>Saving to %1</source>
        <translation>正在保存到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="1396"/>
        <source>Logging to %1 (+ .jsonl)</source>
        <translation>日志写入 %1（及 .jsonl）</translation>
    </message>
    <message>
        <location filename="../../ui/session_page.py" line="1419"/>
        <source>Auto-reply rule “%1” disabled: %2</source>
        <translation>自动应答规则“%1”已停用：%2</translation>
    </message>
</context>
<context>
    <name>SettingsBanner</name>
    <message>
        <location filename="../../ui/main_window.py" line="53"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="65"/>
        <source>Some settings could not be read and were reset to their defaults:</source>
        <translation>部分设置无法读取，已恢复为默认值：</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="66"/>
        <source>… and %1 more</source>
        <translation>……还有 %1 项</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <location filename="../../ui/texts.py" line="25"/>
        <source>closed by peer</source>
        <translation>对方关闭</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="26"/>
        <source>connection reset by peer</source>
        <translation>连接被对方重置</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="27"/>
        <source>disconnected by user</source>
        <translation>已被用户断开</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="28"/>
        <source>server stopped</source>
        <translation>服务器已停止</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="29"/>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="30"/>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="38"/>
        <source>Listening on %1</source>
        <translation>正在监听 %1</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="40"/>
        <source>Bound to %1</source>
        <translation>已绑定 %1</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="42"/>
        <location filename="../../ui/texts.py" line="120"/>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="44"/>
        <source>%1 connected</source>
        <translation>%1 已连接</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="46"/>
        <source>%1 disconnected: %2</source>
        <translation>%1 已断开：%2</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="48"/>
        <source>Connected to %1 (local %2)</source>
        <translation>已连接到 %1（本地 %2）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="50"/>
        <source>%1 closed its side of the connection (end of data)</source>
        <translation>%1 关闭了它那一端的连接（数据结束）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="52"/>
        <source>%1 finished sending (the connection stays open for replies)</source>
        <translation>%1 已结束发送（连接保持打开，仍可回复）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="54"/>
        <source>Client limit (%2) reached: %1 was disconnected</source>
        <translation>已达客户端上限（%2）：%1 已被断开</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="56"/>
        <source>Port unreachable: nothing listens at %1 (ICMP)</source>
        <translation>端口不可达：%1 没有程序在监听（ICMP）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="58"/>
        <source>Joined multicast group %1 on %2</source>
        <translation>已在 %2 上加入组播组 %1</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="60"/>
        <source>Left multicast group %1 on %2</source>
        <translation>已在 %2 上退出组播组 %1</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="62"/>
        <source>File %1 sent: %2 bytes</source>
        <translation>文件 %1 已发送：%2 字节</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="64"/>
        <location filename="../../ui/texts.py" line="107"/>
        <location filename="../../ui/texts.py" line="108"/>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="70"/>
        <source>Address already in use</source>
        <extracomment>Error codes and their phrases, marked for lupdate; translated when shown.</extracomment>
        <translation>地址已被占用</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="71"/>
        <source>Address not available on this machine</source>
        <translation>本机没有该地址</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="72"/>
        <source>Permission denied</source>
        <translation>权限不足</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="73"/>
        <source>Host not found</source>
        <translation>找不到主机</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="74"/>
        <source>Connection refused</source>
        <translation>连接被拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="75"/>
        <source>Timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="76"/>
        <source>Network or host unreachable</source>
        <translation>网络或主机不可达</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="77"/>
        <source>Connection reset by peer</source>
        <translation>连接被对方重置</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="78"/>
        <source>Port unreachable</source>
        <translation>端口不可达</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="79"/>
        <source>Invalid hex</source>
        <translation>无效的十六进制</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="80"/>
        <source>Invalid escape sequence</source>
        <translation>无效的转义序列</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="81"/>
        <source>Datagram too large</source>
        <translation>数据报过大</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="82"/>
        <source>Character cannot be encoded</source>
        <translation>字符无法编码</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="83"/>
        <source>Client limit reached</source>
        <translation>已达客户端上限</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="84"/>
        <source>Not open</source>
        <translation>未打开</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="85"/>
        <source>No one to send to</source>
        <translation>没有发送对象</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="86"/>
        <source>Invalid address</source>
        <translation>无效的地址</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="87"/>
        <source>Network error</source>
        <translation>网络错误</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="88"/>
        <source>Unknown encoding</source>
        <translation>未知编码</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="89"/>
        <source>Unknown checksum</source>
        <translation>未知校验方式</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="90"/>
        <source>File cannot be used</source>
        <translation>文件无法使用</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="91"/>
        <source>Peer is not reading</source>
        <translation>对方未读取数据</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="92"/>
        <source>Pattern took too long</source>
        <translation>匹配耗时过长</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="93"/>
        <source>Invalid quick commands</source>
        <translation>快捷指令无效</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="109"/>
        <source>Unexpected error: %1</source>
        <translation>意外错误：%1</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="115"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="116"/>
        <source>Opening…</source>
        <translation>正在打开…</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="118"/>
        <source>Listening</source>
        <translation>正在监听</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="118"/>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="119"/>
        <source>Bound</source>
        <translation>已绑定</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="124"/>
        <source>TCP Server</source>
        <translation>TCP 服务器</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="124"/>
        <source>TCP Client</source>
        <translation>TCP 客户端</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="125"/>
        <source>UDP</source>
        <translation>UDP</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="132"/>
        <source>%1: %2 cannot be used; %3 instead</source>
        <translation>%1：%2 无法使用，改用 %3</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="134"/>
        <source>%1: %2 is not a group of settings; the defaults instead</source>
        <translation>%1：%2 不是一组设置，改用默认值</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="136"/>
        <source>%1: not valid (%2); not read</source>
        <translation>%1：内容无效（%2），未读取</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="138"/>
        <source>%1: nested too deeply to be a setting; not read</source>
        <translation>%1：嵌套层次过深，未读取</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="140"/>
        <source>%1: %2 characters is too large for a setting; not read</source>
        <translation>%1：%2 个字符，作为设置项过大，未读取</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="142"/>
        <source>%1: %2 is not a session; left out</source>
        <translation>%1：%2 不是会话，已忽略</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="144"/>
        <source>The settings file %1 could not be read: it was moved to %2, and the defaults are used</source>
        <translation>无法读取设置文件 %1：已将其移为 %2，并使用默认值</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="146"/>
        <source>The settings file %1 cannot be read (%2): the defaults are used</source>
        <translation>无法读取设置文件 %1（%2）：使用默认值</translation>
    </message>
</context>
</TS>

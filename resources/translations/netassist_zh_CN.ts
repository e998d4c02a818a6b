<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AutoReplyDialog</name>
    <message>
        <location filename="../../ui/page/send_tools/auto_reply.py" line="42"/>
        <source>Auto-reply rules</source>
        <translation>自动应答规则</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/auto_reply.py" line="46"/>
        <source>On</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/auto_reply.py" line="46"/>
        <source>Match</source>
        <translation>匹配方式</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/auto_reply.py" line="46"/>
        <source>Pattern</source>
        <translation>匹配内容</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/auto_reply.py" line="46"/>
        <source>Reply</source>
        <translation>应答内容</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/auto_reply.py" line="47"/>
        <source>Reply is hex</source>
        <translation>应答为HEX</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/auto_reply.py" line="47"/>
        <source>Delay (ms)</source>
        <translation>延时(毫秒)</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/auto_reply.py" line="47"/>
        <source>Macros</source>
        <translation>宏</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/auto_reply.py" line="48"/>
        <source>Hits</source>
        <translation>命中次数</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/auto_reply.py" line="51"/>
        <source>Echo everything received (ignores the rules)</source>
        <translation>原样回显收到的数据（忽略规则）</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/auto_reply.py" line="54"/>
        <source>Add rule</source>
        <translation>添加规则</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/auto_reply.py" line="55"/>
        <source>Delete rule</source>
        <translation>删除规则</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/auto_reply.py" line="74"/>
        <source>Exactly</source>
        <translation>完全相同</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/auto_reply.py" line="74"/>
        <source>Contains</source>
        <translation>包含</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/auto_reply.py" line="74"/>
        <source>Starts with</source>
        <translation>开头是</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/auto_reply.py" line="75"/>
        <source>Ends with</source>
        <translation>结尾是</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/auto_reply.py" line="75"/>
        <source>Regular expression</source>
        <translation>正则表达式</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/auto_reply.py" line="75"/>
        <source>Hex bytes</source>
        <translation>十六进制字节</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/auto_reply.py" line="97"/>
        <source>Expand {{counter}}, {{time:%H:%M:%S}} … in the reply, and the regex match&apos;s groups: {{0}} the whole match, {{1}}, {{name}}</source>
        <translation>展开回复中的 {{counter}}、{{time:%H:%M:%S}} 等宏，以及正则匹配的分组：{{0}} 为整个匹配，{{1}}、{{name}}</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/auto_reply.py" line="100"/>
        <source>Delay</source>
        <translation>延时</translation>
    </message>
</context>
<context>
    <name>AutoReplyTool</name>
    <message>
        <location filename="../../ui/page/send_tools/auto_reply.py" line="157"/>
        <source>Answer received data by rules</source>
        <extracomment>A rule was disabled (it overran its time budget or failed): the words to show.</extracomment>
        <translation>按规则自动应答</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/auto_reply.py" line="158"/>
        <source>Echo: send back everything received</source>
        <translation>回显：把收到的数据原样发回</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/auto_reply.py" line="159"/>
        <source>Edit rules…</source>
        <translation>编辑规则…</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/auto_reply.py" line="187"/>
        <source>Auto-reply rule “%1” disabled: %2</source>
        <translation>自动应答规则“%1”已停用：%2</translation>
    </message>
</context>
<context>
    <name>ChartPanel</name>
    <message>
        <location filename="../../ui/chart/panel.py" line="80"/>
        <source>Chart numbers from</source>
        <extracomment>What one bridge tick may spend reading new records into the chart. What one slice of re-reading the history may spend (one per turn of the loop). The counts under the plot are said at most this often (seconds): a label&apos;s new text costs a layout pass. The time windows offered (seconds; 0: all that is retained). A setting the page keeps changed (source, pattern, window, x axis, a series shown or hidden). What the page keeps of its chart (an older settings file without them loads with these defaults). What the last export did, in words (shown after the counts).</extracomment>
        <translation>图表数值来源</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="81"/>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="81"/>
        <source>Numbers in lines</source>
        <translation>文本行中的数值</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="82"/>
        <source>Regex</source>
        <translation>正则表达式</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="82"/>
        <source>JustFloat (VOFA+)</source>
        <translation>JustFloat 浮点帧 (VOFA+)</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="83"/>
        <source>Decoder fields</source>
        <translation>解码器字段</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="85"/>
        <source>Lines: name:value or name=value pairs, or bare numbers (ch1, ch2 …) separated by commas, spaces or tabs</source>
        <translation>文本行：name:value 或 name=value 键值对，或以逗号、空格、制表符分隔的数字（ch1、ch2 …）</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="89"/>
        <source>Chart pattern</source>
        <translation>图表匹配模式</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="91"/>
        <source>Named groups give the series&apos; names; unnamed ones ch1, ch2 …</source>
        <translation>命名分组即曲线名称；未命名分组为 ch1、ch2 …</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="95"/>
        <source>Time window</source>
        <translation>时间窗口</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="99"/>
        <source>Sample numbers across</source>
        <translation>横轴为样本序号</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="100"/>
        <source>Horizontal axis: sample numbers instead of the time</source>
        <translation>横轴：样本序号（而非时间）</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="102"/>
        <source>Pause the chart</source>
        <translation>暂停图表</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="103"/>
        <source>Pause: stop redrawing; samples are still collected</source>
        <translation>暂停：停止重绘，样本仍继续采集</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="106"/>
        <source>Latest ⇥</source>
        <translation>最新 ⇥</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="106"/>
        <source>Follow the newest samples</source>
        <translation>跟随最新样本</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="108"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="108"/>
        <source>Clear the chart</source>
        <translation>清除图表</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="109"/>
        <source>Forget the samples charted so far (the received data stays)</source>
        <translation>清除已绘制的样本（接收的数据保留）</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="110"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="110"/>
        <source>Export the chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="113"/>
        <source>Samples as CSV…</source>
        <translation>样本导出为 CSV…</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="114"/>
        <source>Image as PNG…</source>
        <translation>图像导出为 PNG…</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="193"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="195"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="196"/>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="226"/>
        <source>Type a pattern</source>
        <translation>请输入匹配模式</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="233"/>
        <source>Choose a decoder for this page first</source>
        <translation>请先为本页选择解码器</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="247"/>
        <source>This pattern cannot be used: %1</source>
        <translation>此匹配模式无法使用：%1</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="301"/>
        <source>Choose where the numbers come from</source>
        <translation>请选择数值来源</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="303"/>
        <source>%1 series, %2 points</source>
        <translation>%1 条曲线，%2 个点</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="306"/>
        <source>%1 not numbers</source>
        <translation>%1 个非数值</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="309"/>
        <source>%1 dropped (oldest)</source>
        <translation>已丢弃 %1 个（最旧）</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="363"/>
        <source>Writing %1: %2 %</source>
        <translation>正在写入 %1：%2 %</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="382"/>
        <source>%1 rows written to %2</source>
        <translation>已写入 %1 行到 %2</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="387"/>
        <source>Export the chart&apos;s samples</source>
        <translation>导出图表样本</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="388"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="398"/>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="404"/>
        <source>Export the chart as an image</source>
        <translation>将图表导出为图像</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="405"/>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <location filename="../../ui/chart/panel.py" line="407"/>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
</context>
<context>
    <name>ChartView</name>
    <message>
        <location filename="../../ui/chart/view.py" line="124"/>
        <location filename="../../ui/chart/view.py" line="127"/>
        <source>Series</source>
        <extracomment>Redraws at most this often (~15 a second), however fast samples come. ... and at most this share of the time: a redraw (and its paint) that took 20 ms waits 80 ms for the next. The longest wait between redraws however costly they are. Narrower than this, the legend goes under the plot instead of beside it. The legend&apos;s numbers are refreshed at most this often. Series colours by the store&apos;s colour index (stable per name), readable on light and dark backgrounds. Whether the x range follows the newest data (False once the user pans or zooms). The user showed or hid a series in the legend. The peer filter&apos;s choice (``host:port``), None for every peer. Series (by label) the user hid from the legend. Seconds of the time window (0: all that is retained). Where the cursor is over the plot (x in the plot&apos;s units), None when it is not. What the last redraw cost (seconds: the numbers, and the plot&apos;s paint that followed).</extracomment>
        <translation>曲线</translation>
    </message>
    <message>
        <location filename="../../ui/chart/view.py" line="127"/>
        <source>Last</source>
        <translation>最新</translation>
    </message>
    <message>
        <location filename="../../ui/chart/view.py" line="127"/>
        <source>Min</source>
        <translation>最小</translation>
    </message>
    <message>
        <location filename="../../ui/chart/view.py" line="127"/>
        <source>Max</source>
        <translation>最大</translation>
    </message>
    <message>
        <location filename="../../ui/chart/view.py" line="128"/>
        <source>Mean</source>
        <translation>平均</translation>
    </message>
    <message>
        <location filename="../../ui/chart/view.py" line="129"/>
        <source>Untick a series to hide it</source>
        <translation>取消勾选可隐藏曲线</translation>
    </message>
    <message>
        <location filename="../../ui/chart/view.py" line="335"/>
        <source>sample</source>
        <translation>样本</translation>
    </message>
</context>
<context>
    <name>ChecksumControls</name>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="41"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="41"/>
        <source>SUM8 (add)</source>
        <translation>SUM8（累加和）</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="42"/>
        <source>SUM8 negated (two&apos;s complement)</source>
        <translation>SUM8 取反（补码）</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="42"/>
        <source>XOR8 (BCC)</source>
        <translation>XOR8（异或校验 BCC）</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="43"/>
        <source>Append checksum</source>
        <translation>自动发送附加位</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="45"/>
        <source>Checksum from byte</source>
        <translation>校验起始字节</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="46"/>
        <source>Bytes left out at the end</source>
        <translation>末尾不参与校验的字节数</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="47"/>
        <source>Checksum byte order</source>
        <translation>校验字节序</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="48"/>
        <source>MSB first</source>
        <translation>大端（高字节在前）</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="48"/>
        <source>Algorithm&apos;s default</source>
        <translation>按算法默认</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="49"/>
        <source>LSB first</source>
        <translation>小端（低字节在前）</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="52"/>
        <source>Fixed bytes appended (hex)</source>
        <translation>附加固定字节（HEX）</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="53"/>
        <source>e.g. 0D 0A</source>
        <translation>例如 0D 0A</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="56"/>
        <source>Checksum</source>
        <translation>校验</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="59"/>
        <source>The checksum starts after this many bytes (0: from the first byte)</source>
        <translation>校验从跳过这么多字节之后开始（0：从第一个字节开始）</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="60"/>
        <source>The checksum stops this many bytes before the end (0: up to the last byte)</source>
        <translation>校验在末尾前这么多字节处结束（0：直到最后一个字节）</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="61"/>
        <source>first</source>
        <translation>前</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="63"/>
        <source>last</source>
        <translation>后</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="65"/>
        <source>bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="66"/>
        <source>Leave out</source>
        <translation>不参与校验</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="67"/>
        <source>Byte order</source>
        <translation>字节序</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="68"/>
        <source>Then append</source>
        <translation>再附加</translation>
    </message>
</context>
<context>
    <name>Clients</name>
    <message>
        <location filename="../../ui/page/panels/clients.py" line="151"/>
        <source>All clients</source>
        <extracomment>Seconds with no large change before an out-of-date target box is rebuilt by itself. What the user does to a target box that brings it up to date first. &quot;Show only the selected client&quot; was unticked: the view&apos;s peer filter goes back to what it was. The target box lags behind the list (a large change): rebuilt when reached for, or once settled. Send targets that left while chosen: kept (marked) so a send to one is an error in words, not a send to whichever client Qt would choose next; gone once another target is chosen.</extracomment>
        <translation>所有客户端</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/clients.py" line="163"/>
        <source>%1 (disconnected)</source>
        <translation>%1（已断开）</translation>
    </message>
</context>
<context>
    <name>Decode</name>
    <message>
        <location filename="../../ui/texts.py" line="419"/>
        <source>(expected %1)</source>
        <extracomment>A decoder&apos;s words by code (app.decode.result.ENGLISH; a pair there is its &quot;many&quot; form here, and English itself comes from the engine, plurals and all), marked for lupdate. &quot;word&quot; and &quot;modbus-function&quot; are said through the tables below.</extracomment>
        <translation>（应为 %1）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="420"/>
        <source>… %1 more fields</source>
        <translation>… 另有 %1 个字段</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="421"/>
        <source>(+%1 bytes not decoded)</source>
        <translation>(+%1 字节未解码)</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="422"/>
        <source>%2 request</source>
        <translation>%2请求</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="423"/>
        <source>%2 response</source>
        <translation>%2响应</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="424"/>
        <source>%2 exception</source>
        <translation>%2异常</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="425"/>
        <source>does not fit: %1 bytes short for %2</source>
        <translation>不符合：%2 缺少 %1 字节</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="426"/>
        <source>does not fit: %1 has a size of %2</source>
        <translation>不符合：%1 的大小为 %2</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="427"/>
        <source>does not fit: no NUL ends %1</source>
        <translation>不符合：%1 没有以 NUL 结尾</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="428"/>
        <source>does not fit: %1 makes more than %2 fields</source>
        <translation>不符合：%1 产生的字段超过 %2 个</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="429"/>
        <source>does not fit: %1 bytes left over in %2, less than an element (%3 bytes)</source>
        <translation>不符合：%2 中剩余 %1 字节，不足一个元素（%3 字节）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="431"/>
        <source>does not fit: element %1 of %2 takes no bytes, so the rest would never end</source>
        <translation>不符合：%2 的第 %1 个元素不占字节，其余部分将永远读不完</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="433"/>
        <source>does not fit: %1 bytes more than an exception response has</source>
        <translation>不符合：比异常响应应有的多出 %1 字节</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="434"/>
        <source>does not fit: %1 bytes more than the byte count says</source>
        <translation>不符合：比字节计数所说的多出 %1 字节</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="435"/>
        <source>does not fit: %1 bytes more than a %3 has</source>
        <translation>不符合：比%3应有的多出 %1 字节</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="436"/>
        <source>does not fit: %1 bytes more than an ACK has</source>
        <translation>不符合：比 ACK 包应有的多出 %1 字节</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="437"/>
        <source>does not fit: %1 bytes more than an ERROR has</source>
        <translation>不符合：比 ERROR 包应有的多出 %1 字节</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="438"/>
        <source>does not fit: a byte count of %1 is odd, but registers take 2 bytes each</source>
        <translation>不符合：字节计数 %1 为奇数，但每个寄存器占 2 字节</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="440"/>
        <source>does not fit: %1 bytes short for a Modbus RTU frame (address, function and a 2-byte CRC at least)</source>
        <translation>不符合：不足一个 Modbus RTU 帧，缺少 %1 字节（至少要有地址、功能码和 2 字节 CRC）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="442"/>
        <source>does not fit: a length of %1 leaves no room for the unit and a function code</source>
        <translation>不符合：长度 %1 容不下单元标识符和功能码</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="444"/>
        <source>does not fit: %1 bytes short for the PDU (the length says %2)</source>
        <translation>不符合：PDU 缺少 %1 字节（长度字段为 %2）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="445"/>
        <source>does not fit: no NUL ends an option&apos;s name</source>
        <translation>不符合：选项名没有以 NUL 结尾</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="446"/>
        <source>does not fit: opcode %1 is not a TFTP opcode (1 to 6)</source>
        <translation>不符合：操作码 %1 不是 TFTP 操作码（1 到 6）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="447"/>
        <source>does not fit: an NMEA sentence starts with $ or !</source>
        <translation>不符合：NMEA 语句应以 $ 或 ! 开头</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="448"/>
        <source>does not fit: the checksum %1 is not two hex digits</source>
        <translation>不符合：校验和 %1 不是两位十六进制数字</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="449"/>
        <source>not UTF-8 text at byte %1</source>
        <translation>第 %1 字节处不是 UTF-8 文本</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="450"/>
        <source>not JSON: %1 at character %2</source>
        <translation>不是 JSON：第 %2 个字符处 %1</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="451"/>
        <source>not JSON: %1 at character %2 (line %3)</source>
        <translation>不是 JSON：第 %3 行第 %2 个字符处 %1</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="452"/>
        <source>not JSON: an empty message</source>
        <translation>不是 JSON：空消息</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="453"/>
        <source>not JSON this program can read: nested too deeply</source>
        <translation>本程序无法读取的 JSON：嵌套太深</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="454"/>
        <source>more than %1 values</source>
        <translation>超过 %1 个值</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="455"/>
        <source>nested too deeply</source>
        <translation>嵌套太深</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="459"/>
        <source>Read Coils</source>
        <extracomment>Modbus function names (app.decode.modbus.FUNCTIONS).</extracomment>
        <translation>读线圈</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="460"/>
        <source>Read Discrete Inputs</source>
        <translation>读离散输入</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="461"/>
        <source>Read Holding Registers</source>
        <translation>读保持寄存器</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="462"/>
        <source>Read Input Registers</source>
        <translation>读输入寄存器</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="463"/>
        <source>Write Single Coil</source>
        <translation>写单个线圈</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="464"/>
        <source>Write Single Register</source>
        <translation>写单个寄存器</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="465"/>
        <source>Read Exception Status</source>
        <translation>读异常状态</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="466"/>
        <source>Diagnostics</source>
        <translation>诊断</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="467"/>
        <source>Get Comm Event Counter</source>
        <translation>获取通信事件计数</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="468"/>
        <source>Get Comm Event Log</source>
        <translation>获取通信事件日志</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="469"/>
        <source>Write Multiple Coils</source>
        <translation>写多个线圈</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="470"/>
        <source>Write Multiple Registers</source>
        <translation>写多个寄存器</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="471"/>
        <source>Report Server ID</source>
        <translation>报告服务器 ID</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="472"/>
        <source>Read File Record</source>
        <translation>读文件记录</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="473"/>
        <source>Write File Record</source>
        <translation>写文件记录</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="474"/>
        <source>Mask Write Register</source>
        <translation>屏蔽写寄存器</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="475"/>
        <source>Read/Write Multiple Registers</source>
        <translation>读/写多个寄存器</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="476"/>
        <source>Read FIFO Queue</source>
        <translation>读 FIFO 队列</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="477"/>
        <source>Encapsulated Interface Transport</source>
        <translation>封装接口传输</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="482"/>
        <source>Illegal Function</source>
        <extracomment>The words of the built-in decoders&apos; tables (&quot;word&quot;: Modbus exceptions and coil values, TFTP error codes, NMEA status words). TFTP&apos;s opcodes (RRQ …) are the protocol&apos;s own names and are never translated.</extracomment>
        <translation>非法功能</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="482"/>
        <source>Illegal Data Address</source>
        <translation>非法数据地址</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="483"/>
        <source>Illegal Data Value</source>
        <translation>非法数据值</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="483"/>
        <source>Server Device Failure</source>
        <translation>服务器设备故障</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="484"/>
        <source>Acknowledge</source>
        <translation>已确认</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="484"/>
        <source>Server Device Busy</source>
        <translation>服务器设备忙</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="485"/>
        <source>Memory Parity Error</source>
        <translation>存储奇偶校验错误</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="485"/>
        <source>Gateway Path Unavailable</source>
        <translation>网关路径不可用</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="486"/>
        <source>Gateway Target Device Failed to Respond</source>
        <translation>网关目标设备无响应</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="487"/>
        <source>ON</source>
        <translation>开</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="487"/>
        <source>OFF</source>
        <translation>关</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="488"/>
        <source>Not defined</source>
        <translation>未定义</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="488"/>
        <source>File not found</source>
        <translation>文件未找到</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="489"/>
        <source>Access violation</source>
        <translation>访问违规</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="489"/>
        <source>Disk full or allocation exceeded</source>
        <translation>磁盘已满或超出分配</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="490"/>
        <source>Illegal TFTP operation</source>
        <translation>非法 TFTP 操作</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="490"/>
        <source>Unknown transfer ID</source>
        <translation>未知传输 ID</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="491"/>
        <source>File already exists</source>
        <translation>文件已存在</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="491"/>
        <source>No such user</source>
        <translation>无此用户</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="492"/>
        <source>Option negotiation failed</source>
        <translation>选项协商失败</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="493"/>
        <source>invalid</source>
        <translation>无效</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="493"/>
        <source>GPS</source>
        <translation>GPS</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="493"/>
        <source>DGPS</source>
        <translation>差分 GPS</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="494"/>
        <source>PPS</source>
        <translation>PPS</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="494"/>
        <source>RTK fixed</source>
        <translation>RTK 固定解</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="495"/>
        <source>RTK float</source>
        <translation>RTK 浮点解</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="495"/>
        <source>estimated</source>
        <translation>估算</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="496"/>
        <source>manual</source>
        <translation>手动输入</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="496"/>
        <source>simulation</source>
        <translation>模拟</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="497"/>
        <source>valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="497"/>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="498"/>
        <source>no fix</source>
        <translation>未定位</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="498"/>
        <source>2D</source>
        <translation>2D</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="498"/>
        <source>3D</source>
        <translation>3D</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="516"/>
        <source>function %1</source>
        <extracomment>Where a code&apos;s arguments carry a Modbus function: the index of its number (its English name follows it).</extracomment>
        <translation>功能码 %1</translation>
    </message>
</context>
<context>
    <name>DecoderChoice</name>
    <message>
        <location filename="../../ui/page/panels/decoder_choice.py" line="31"/>
        <source>Decoder</source>
        <extracomment>A decoder (a layout file) that cannot be used: the error names the field; the box went back to none. The decoder in use changed (or was refused): any error about the last one is gone. What the view shows must be rendered again (a decoder chosen, or refused). *Edit layout…* was pressed (the page opens its layout editor).</extracomment>
        <translation>解码器</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/decoder_choice.py" line="32"/>
        <source>Decode each message into named fields, shown on a line under it</source>
        <translation>把每条消息解码为命名字段，显示在消息下方的一行</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/decoder_choice.py" line="35"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/decoder_choice.py" line="36"/>
        <source>JSON lines</source>
        <translation>JSON 行</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/decoder_choice.py" line="39"/>
        <source>Load layout…</source>
        <translation>加载布局…</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/decoder_choice.py" line="41"/>
        <source>Add a layout file (JSON) that describes a message&apos;s fields</source>
        <translation>添加描述消息字段的布局文件（JSON）</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/decoder_choice.py" line="43"/>
        <source>Decode</source>
        <translation>解码</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/decoder_choice.py" line="53"/>
        <source>Edit layout…</source>
        <translation>编辑布局…</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/decoder_choice.py" line="55"/>
        <source>Write or change a layout, with a live preview of the selected message</source>
        <translation>编写或修改布局，实时预览所选消息</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/decoder_choice.py" line="118"/>
        <source>Load layout</source>
        <translation>加载布局</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/decoder_choice.py" line="119"/>
        <source>Layout files (*.json);;All files (*)</source>
        <translation>布局文件 (*.json);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../ui/main.py" line="236"/>
        <source>Unexpected error</source>
        <extracomment>Options of ours that take a value, and that do not. Qt&apos;s own options (QGuiApplication, QApplication, xcb), which Qt also accepts spelt with two dashes: passed on untouched. Any other argument that starts with &quot;--&quot; is a mistake worth saying so. Qt&apos;s arguments (``-platform offscreen`` …), in order. Warnings Qt prints that say nothing the user or we can act on: (category, start of the message). Keep this list short; every other message goes on to logging.</extracomment>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../ui/main.py" line="237"/>
        <source>Something went wrong; NetAssist keeps running.</source>
        <translation>出现了问题；NetAssist 仍在运行。</translation>
    </message>
</context>
<context>
    <name>FieldsView</name>
    <message>
        <location filename="../../ui/receive/fields.py" line="36"/>
        <source>Fields of the selected message</source>
        <extracomment>Bytes shown in a field&apos;s Bytes column at most (the rest as …). Rows the tree holds at most (a message of 100,000 array elements is listed up to here, then said). Item data: a row&apos;s (start, end) bytes in the message, or None. Item data: the decoded field&apos;s own name (``regs[0]``, ``ack``), or None for a group. A field was selected: its bytes (start, end) in the message; (-1, -1) when none is (or it has none).</extracomment>
        <translation>所选消息的字段</translation>
    </message>
    <message>
        <location filename="../../ui/receive/fields.py" line="41"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../ui/receive/fields.py" line="41"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../ui/receive/fields.py" line="41"/>
        <source>Offset</source>
        <translation>偏移</translation>
    </message>
    <message>
        <location filename="../../ui/receive/fields.py" line="42"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../ui/receive/fields.py" line="42"/>
        <source>Bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <location filename="../../ui/receive/fields.py" line="72"/>
        <source>… more fields than shown here</source>
        <extracomment>Says a decoder&apos;s labels and errors in the window&apos;s language (None: English).</extracomment>
        <translation>… 字段多于此处显示的</translation>
    </message>
    <message>
        <location filename="../../ui/receive/fields.py" line="76"/>
        <source>does not fit</source>
        <translation>不符合</translation>
    </message>
    <message>
        <location filename="../../ui/receive/fields.py" line="123"/>
        <source>(expected %1)</source>
        <translation>（应为 %1）</translation>
    </message>
</context>
<context>
    <name>FileSendControls</name>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="259"/>
        <source>Length header before the file</source>
        <translation>文件前的长度头</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="260"/>
        <source>No length header</source>
        <translation>无长度头</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="260"/>
        <source>2-byte length, big endian</source>
        <translation>2字节长度，大端</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="261"/>
        <source>2-byte length, little endian</source>
        <translation>2字节长度，小端</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="262"/>
        <source>4-byte length, big endian</source>
        <translation>4字节长度，大端</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="263"/>
        <source>4-byte length, little endian</source>
        <translation>4字节长度，小端</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="264"/>
        <source>Send file…</source>
        <translation>发送文件…</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="267"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="277"/>
        <source>Header</source>
        <translation>长度头</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="279"/>
        <source>Datagram size</source>
        <translation>数据报大小</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="279"/>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="280"/>
        <source>Pause between datagrams</source>
        <translation>数据报间隔</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="281"/>
        <source>Datagram</source>
        <translation>数据报</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="282"/>
        <source>Pause</source>
        <translation>间隔</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../ui/receive/pane.py" line="46"/>
        <source>Show messages of</source>
        <extracomment>Peers the peer filter lists at most (the newest first beyond that).</extracomment>
        <translation>显示哪个对端的消息</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="47"/>
        <source>All peers</source>
        <translation>全部对端</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="55"/>
        <source>Show directions</source>
        <extracomment>While following a server&apos;s selected client: the peer chosen before (a 1-tuple), and the one followed.</extracomment>
        <translation>显示方向</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="56"/>
        <source>RX only</source>
        <translation>仅接收</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="56"/>
        <source>All directions</source>
        <translation>全部方向</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="57"/>
        <source>TX only</source>
        <translation>仅发送</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="57"/>
        <source>Notices only</source>
        <translation>仅提示</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="63"/>
        <source>Show only lines containing</source>
        <translation>只显示包含以下内容的行</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="71"/>
        <source>Show the lines that do not match</source>
        <translation>显示不匹配的行</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="102"/>
        <source>This filter cannot be used: %1</source>
        <translation>无法使用此过滤条件：%1</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="113"/>
        <source>Show only the lines (as shown) that contain this, under their headers; in hex or with framing, the messages</source>
        <translation>只显示（按显示内容）包含此内容的行，各在其报文头下；十六进制或分帧时按整条消息</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="64"/>
        <source>Filter messages…</source>
        <translation>过滤消息…</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="67"/>
        <source>Regular expression</source>
        <translation>正则表达式</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="70"/>
        <source>Invert the filter</source>
        <translation>反向过滤</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="68"/>
        <source>The filter is a regular expression</source>
        <translation>过滤条件是正则表达式</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../ui/receive/pane.py" line="158"/>
        <source>Find in received data</source>
        <translation>在接收数据中查找</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="159"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="162"/>
        <source>Find mode</source>
        <translation>查找方式</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="163"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="163"/>
        <source>Regex</source>
        <translation>正则</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="163"/>
        <source>Hex bytes</source>
        <translation>十六进制字节</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="165"/>
        <source>Aa</source>
        <translation>Aa</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="167"/>
        <location filename="../../ui/receive/pane.py" line="168"/>
        <source>Match case</source>
        <translation>区分大小写</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="169"/>
        <source>Find previous (Shift+F3)</source>
        <translation>查找上一个（Shift+F3）</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="169"/>
        <source>Find previous</source>
        <translation>查找上一个</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="170"/>
        <source>Find next</source>
        <translation>查找下一个</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="170"/>
        <source>Find next (F3, Enter)</source>
        <translation>查找下一个（F3、回车）</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="171"/>
        <source>Close find bar</source>
        <translation>关闭查找栏</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="232"/>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="232"/>
        <source>Searching…</source>
        <translation>正在查找…</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="235"/>
        <source>%1 of %2</source>
        <translation>第 %1 个，共 %2 个</translation>
    </message>
</context>
<context>
    <name>FramingControls</name>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="146"/>
        <location filename="../../ui/page/send_tools/controls.py" line="184"/>
        <source>Framing</source>
        <translation>分帧</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="142"/>
        <source>As received</source>
        <translation>按接收原样</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="142"/>
        <source>Delimiter</source>
        <translation>分隔符</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="143"/>
        <source>Fixed length</source>
        <translation>固定长度</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="143"/>
        <source>Length prefix</source>
        <translation>长度前缀</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="144"/>
        <location filename="../../ui/page/send_tools/controls.py" line="176"/>
        <source>Idle gap</source>
        <translation>空闲间隔</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="152"/>
        <source>Delimiter (hex)</source>
        <translation>分隔符（HEX）</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="154"/>
        <source>Line end (\n or \r\n)</source>
        <translation>行尾（\n 或 \r\n）</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="156"/>
        <source>Where a message ends: a line end (\n, as Linux and Python programs send, or \r\n), or bytes in hex</source>
        <translation>消息在何处结束：行尾（Linux 和 Python 程序发送的 \n，或 \r\n），或十六进制字节</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="159"/>
        <source>Frame length</source>
        <translation>帧长度</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="159"/>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="164"/>
        <source>Length field offset</source>
        <translation>长度字段偏移</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="165"/>
        <source>Length field size</source>
        <translation>长度字段大小</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="167"/>
        <source>Length byte order</source>
        <translation>长度字节序</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="168"/>
        <source>Big endian</source>
        <translation>大端</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="168"/>
        <source>Little endian</source>
        <translation>小端</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="169"/>
        <source>Length counts the header</source>
        <translation>长度包含帧头</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="171"/>
        <source>Offset</source>
        <translation>偏移</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="172"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="173"/>
        <source>Order</source>
        <translation>字节序</translation>
    </message>
</context>
<context>
    <name>LayoutEditor</name>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="98"/>
        <source>Layout editor</source>
        <extracomment>The example a new layout starts from: the course&apos;s TFTP read request (``struct.pack(&apos;!H8sb5sb&apos;, …)``). Bytes the hex preview shows per line. *Use selected message*: the page answers with :meth:`set_message`.</extracomment>
        <translation>布局编辑器</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="108"/>
        <source>Layout name</source>
        <extracomment>The bytes highlighted in the hex preview (start, end), if any.</extracomment>
        <translation>布局名称</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="111"/>
        <location filename="../../ui/page/panels/layout_editor.py" line="120"/>
        <location filename="../../ui/page/panels/layout_editor.py" line="135"/>
        <source>Byte order</source>
        <translation>字节序</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="112"/>
        <source>Big-endian</source>
        <translation>大端</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="113"/>
        <source>Little-endian</source>
        <translation>小端</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="114"/>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="114"/>
        <source>Open a layout file (JSON)</source>
        <translation>打开布局文件（JSON）</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="115"/>
        <source>From C struct…</source>
        <translation>从 C 结构体…</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="116"/>
        <source>Paste a C struct from firmware source and get its layout</source>
        <translation>粘贴固件源码中的 C 结构体，得到它的布局</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="118"/>
        <location filename="../../ui/page/panels/layout_editor.py" line="129"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="127"/>
        <source>Fields of the layout</source>
        <translation>布局的字段</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="129"/>
        <source>The field&apos;s name</source>
        <translation>字段名称</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="130"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="130"/>
        <source>u8 … f64 numbers, bytes, string, cstring (up to a NUL), bits, array, checksum</source>
        <translation>u8 … f64 数值、bytes、string、cstring（到 NUL 为止）、bits、array、checksum</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="132"/>
        <source>Size / count</source>
        <translation>大小 / 个数</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="132"/>
        <source>Bytes and strings: a byte count, an earlier field&apos;s name, or empty for the rest. Bits: bytes. Arrays: the element count, or &quot;8 bytes&quot; / &quot;length bytes&quot;</source>
        <translation>字节与字符串：字节数、前面某个字段的名称，或留空表示其余全部。位字段：字节数。数组：元素个数，或 &quot;8 bytes&quot; / &quot;length bytes&quot;（按字节计的大小）</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="135"/>
        <source>Empty: the layout&apos;s</source>
        <translation>留空：使用布局的字节序</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="136"/>
        <source>Enum</source>
        <translation>枚举</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="136"/>
        <source>Words for numbers: 1=RRQ, 2=WRQ</source>
        <translation>数值对应的名称：1=RRQ, 2=WRQ</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="137"/>
        <source>Checksum range</source>
        <translation>校验范围</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="137"/>
        <source>The bytes a checksum covers, start:end (0:-2); empty: every byte before it</source>
        <translation>校验覆盖的字节，起:止（0:-2）；留空：它之前的所有字节</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="139"/>
        <source>Details</source>
        <translation>详细</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="139"/>
        <source>Strings: the encoding. Bits: name:width, most significant first. Arrays: the element (u16) or JSON. Checksums: the algorithm (crc16-modbus, sum8 …)</source>
        <translation>字符串：编码。位字段：名称:位宽，高位在前。数组：元素（u16）或 JSON。校验：算法（crc16-modbus、sum8 …）</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="157"/>
        <source>(layout&apos;s)</source>
        <translation>（随布局）</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="162"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="162"/>
        <source>Add a field after the selected one</source>
        <translation>在选中字段之后添加一个字段</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="163"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="163"/>
        <source>Remove the selected field</source>
        <translation>删除选中的字段</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="164"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="165"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="178"/>
        <source>Message to decode (hex)</source>
        <translation>要解析的消息（十六进制）</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="179"/>
        <source>Paste a message in hex, or select one in the view</source>
        <translation>粘贴十六进制消息，或在接收区中选中一条</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="181"/>
        <source>Use selected message</source>
        <translation>使用选中的消息</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="182"/>
        <source>Decode the message selected in the receive view</source>
        <translation>解析接收区中选中的消息</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="185"/>
        <source>The message&apos;s bytes, the selected field&apos;s highlighted</source>
        <translation>消息的字节，选中字段的字节高亮</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="190"/>
        <source>The message decoded with this layout</source>
        <translation>用此布局解析的消息</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="196"/>
        <source>Message (hex)</source>
        <translation>消息（十六进制）</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="218"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="218"/>
        <source>Save the layout and decode with it</source>
        <translation>保存布局并用它解析</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="219"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="219"/>
        <source>Save as a new layout file</source>
        <translation>另存为新的布局文件</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="220"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="384"/>
        <source>Decodes %1 of %2 bytes</source>
        <translation>解析了 %2 字节中的 %1 字节</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="465"/>
        <source>Open layout</source>
        <translation>打开布局</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="466"/>
        <source>Layout files (*.json);;All files (*)</source>
        <translation>布局文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="482"/>
        <source>Layout from a C struct</source>
        <translation>从 C 结构体生成布局</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="483"/>
        <source>Paste a C struct (stdint types, char arrays, arrays of numbers, bit fields); it is read packed, in the byte order chosen here:</source>
        <translation>粘贴 C 结构体（stdint 类型、char 数组、数值数组、位域）；按紧凑（packed）方式、以此处选择的字节序读取：</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="494"/>
        <source>Save layout</source>
        <translation>保存布局</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="495"/>
        <source>Layout files (*.json)</source>
        <translation>布局文件 (*.json)</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="515"/>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="523"/>
        <source>not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/layout_editor.py" line="524"/>
        <source>Layout editor — %1</source>
        <translation>布局编辑器 — %1</translation>
    </message>
</context>
<context>
    <name>LogActions</name>
    <message>
        <location filename="../../ui/window/log_actions.py" line="68"/>
        <location filename="../../ui/window/log_actions.py" line="75"/>
        <source>Open a session log</source>
        <translation>打开会话日志</translation>
    </message>
    <message>
        <location filename="../../ui/window/log_actions.py" line="69"/>
        <source>Session logs (*.jsonl *.log);;All files (*)</source>
        <translation>会话日志 (*.jsonl *.log);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/window/log_actions.py" line="80"/>
        <source>%1 is the human-readable form of a session log. NetAssist opens the .jsonl file it writes beside it, and there is none here.</source>
        <translation>%1 是会话日志的可读文本形式。NetAssist 打开的是它旁边写下的 .jsonl 文件，而这里没有。</translation>
    </message>
    <message>
        <location filename="../../ui/window/log_actions.py" line="83"/>
        <source>The log %1 cannot be read (%2).</source>
        <translation>无法读取日志 %1（%2）。</translation>
    </message>
    <message>
        <location filename="../../ui/window/log_actions.py" line="92"/>
        <source>Opened the .jsonl log beside the human-readable .log (it holds every byte).</source>
        <translation>已打开可读 .log 旁边的 .jsonl 日志（它保存了每一个字节）。</translation>
    </message>
    <message>
        <location filename="../../ui/window/log_actions.py" line="108"/>
        <location filename="../../ui/window/log_actions.py" line="113"/>
        <source>Save what the view holds</source>
        <translation>保存视图中的内容</translation>
    </message>
    <message>
        <location filename="../../ui/window/log_actions.py" line="104"/>
        <source>JSON Lines, loses nothing (*.jsonl);;Text like the view (*.log *.txt)</source>
        <translation>JSON Lines，不丢任何内容 (*.jsonl);;与视图相同的文本 (*.log *.txt)</translation>
    </message>
    <message>
        <location filename="../../ui/window/log_actions.py" line="106"/>
        <source>Decoded fields, one row per message (*.csv)</source>
        <translation>解码字段，每条消息一行 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/window/log_actions.py" line="114"/>
        <source>The view cannot be saved to %1 (%2).</source>
        <translation>无法将视图保存到 %1（%2）。</translation>
    </message>
    <message>
        <location filename="../../ui/window/log_actions.py" line="132"/>
        <location filename="../../ui/window/log_actions.py" line="169"/>
        <source>Export a log as pcap</source>
        <translation>将日志导出为 pcap</translation>
    </message>
    <message>
        <location filename="../../ui/window/log_actions.py" line="133"/>
        <source>Session logs (*.jsonl *.log)</source>
        <translation>会话日志 (*.jsonl *.log)</translation>
    </message>
    <message>
        <location filename="../../ui/window/log_actions.py" line="136"/>
        <source>Export as pcapng</source>
        <translation>导出为 pcapng</translation>
    </message>
    <message>
        <location filename="../../ui/window/log_actions.py" line="137"/>
        <source>pcapng (*.pcapng)</source>
        <translation>pcapng (*.pcapng)</translation>
    </message>
    <message>
        <location filename="../../ui/window/log_actions.py" line="146"/>
        <source>Exporting %1…</source>
        <translation>正在导出 %1…</translation>
    </message>
    <message>
        <location filename="../../ui/window/log_actions.py" line="160"/>
        <source>%1 has no .jsonl log beside it to export.</source>
        <translation>%1 旁边没有可导出的 .jsonl 日志。</translation>
    </message>
    <message>
        <location filename="../../ui/window/log_actions.py" line="162"/>
        <source>The log %1 cannot be exported (%2).</source>
        <translation>无法导出日志 %1（%2）。</translation>
    </message>
    <message>
        <location filename="../../ui/window/log_actions.py" line="164"/>
        <source>%1: %2 packets, %3 bytes of payload. Wireshark opens it.</source>
        <translation>%1：%2 个数据包，%3 字节载荷。可用 Wireshark 打开。</translation>
    </message>
</context>
<context>
    <name>LogPage</name>
    <message>
        <location filename="../../ui/window/log_page.py" line="68"/>
        <source>Text encoding</source>
        <extracomment>What a log tab keeps between starts (besides its file): how it shows the records. A view option changed (the window saves the tabs). Lines of the file that are not records: skipped, counted, the first few named. A WebSocket session&apos;s log (a text message&apos;s flag, or a ``ws-…`` notice): each record is a message, a binary one shown in hex in a text view (ViewOptions.messages), as on its page. Settings that could not be used as stored (the window shows them).</extracomment>
        <translation>文本编码</translation>
    </message>
    <message>
        <location filename="../../ui/window/log_page.py" line="71"/>
        <source>Show as hex</source>
        <translation>十六进制显示</translation>
    </message>
    <message>
        <location filename="../../ui/window/log_page.py" line="73"/>
        <source>Log mode (time, direction, peer)</source>
        <translation>按日志模式显示（时间、方向、对端）</translation>
    </message>
    <message>
        <location filename="../../ui/window/log_page.py" line="76"/>
        <source>Wrap lines</source>
        <translation>自动换行</translation>
    </message>
    <message>
        <location filename="../../ui/window/log_page.py" line="84"/>
        <source>%1 — %2 records (read-only)</source>
        <translation>%1 — %2 条记录（只读）</translation>
    </message>
    <message>
        <location filename="../../ui/window/log_page.py" line="89"/>
        <source>%1 lines are not records and were skipped (%2)</source>
        <translation>%1 行不是记录，已跳过（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/window/log_page.py" line="92"/>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/window/main_window.py" line="65"/>
        <source>NetAssist — network debugging assistant</source>
        <extracomment>Emitted once the window has closed and every session has stopped.</extracomment>
        <translation>NetAssist — 网络调试助手</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="143"/>
        <source>New TCP &amp;Server</source>
        <extracomment>Set when the user asked to restart (to switch language); the entry point starts again. Where this window&apos;s session logs were last written (its pages&apos; recorders set it).</extracomment>
        <translation>新建 TCP 服务器(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="144"/>
        <source>New TCP &amp;Client</source>
        <translation>新建 TCP 客户端(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="145"/>
        <source>New &amp;UDP</source>
        <translation>新建 UDP(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="146"/>
        <source>New TCP &amp;Relay</source>
        <translation>新建 TCP 中继(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="147"/>
        <source>New UDP Rela&amp;y</source>
        <translation>新建 UDP 中继(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="148"/>
        <source>New &amp;Multiple TCP Clients</source>
        <translation>新建 TCP 多连接(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="149"/>
        <source>New &amp;WebSocket Server</source>
        <translation>新建 WebSocket 服务器(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="150"/>
        <source>New WebSocket Clie&amp;nt</source>
        <translation>新建 WebSocket 客户端(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="151"/>
        <source>&amp;Open log…</source>
        <translation>打开日志(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="152"/>
        <source>Save &amp;view…</source>
        <translation>保存显示内容(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="153"/>
        <source>Export log as &amp;pcap…</source>
        <translation>导出日志为 pcap(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="154"/>
        <source>&amp;Import quick commands…</source>
        <translation>导入快捷指令(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="155"/>
        <source>&amp;Export quick commands…</source>
        <translation>导出快捷指令(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="156"/>
        <source>&amp;Close tab</source>
        <translation>关闭标签页(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="157"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="158"/>
        <source>&amp;About NetAssist</source>
        <translation>关于 NetAssist(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="160"/>
        <source>&amp;Session</source>
        <translation>会话(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="174"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="179"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="187"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="190"/>
        <source>Sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="266"/>
        <location filename="../../ui/window/main_window.py" line="276"/>
        <source>Import quick commands</source>
        <translation>导入快捷指令</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="283"/>
        <source>Export quick commands</source>
        <translation>导出快捷指令</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="358"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="359"/>
        <source>The language changes when NetAssist starts again. Restart now? Open sessions will be closed.</source>
        <translation>语言将在 NetAssist 重新启动后生效。现在重启吗？打开的会话将被关闭。</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="367"/>
        <source>About NetAssist</source>
        <translation>关于 NetAssist</translation>
    </message>
    <message>
        <location filename="../../ui/window/main_window.py" line="370"/>
        <source>&lt;h3&gt;NetAssist %1&lt;/h3&gt;&lt;p&gt;A network debugging assistant (网络调试助手) for TCP and UDP.&lt;/p&gt;&lt;p&gt;Licence: MIT. Python %2, Qt %3.&lt;/p&gt;&lt;p&gt;Report problems and ideas at &lt;a href=&quot;%4&quot;&gt;%4&lt;/a&gt;.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;NetAssist %1&lt;/h3&gt;&lt;p&gt;TCP 与 UDP 网络调试助手。&lt;/p&gt;&lt;p&gt;许可证：MIT。Python %2，Qt %3。&lt;/p&gt;&lt;p&gt;问题与建议请提交到 &lt;a href=&quot;%4&quot;&gt;%4&lt;/a&gt;。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>NetworkPanel</name>
    <message>
        <location filename="../../ui/page/network/panel.py" line="46"/>
        <source>Network settings</source>
        <extracomment>The most clients (or relay pairs) a page lets its server hold; the engine served 5,000 busy clients with the window&apos;s loop answering (issue 19); every one takes a file (app/limits.py raises that limit at start). Why a send cannot go while the session is closed (the engine&apos;s words; translated by error code). Which socket options the Advanced part offers: &quot;tcp&quot;, &quot;udp&quot;, or None (none).</extracomment>
        <translation>网络设置</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="56"/>
        <source>Protocol</source>
        <extracomment>The send area&apos;s chosen target (its text; None: all / the peer), for a kind&apos;s own actions (set by the page).</extracomment>
        <translation>协议类型</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="72"/>
        <source>Session state</source>
        <translation>会话状态</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="102"/>
        <source>Local host address</source>
        <translation>本地主机地址</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="103"/>
        <source>0.0.0.0 (or ::) listens on all interfaces: anyone on your network can connect. 127.0.0.1 (or ::1): this machine only. Or one interface&apos;s address.</source>
        <translation>0.0.0.0（或 ::）在所有网卡上监听：你所在网络中的任何主机都能连接。127.0.0.1（或 ::1）：仅限本机。也可填某个网卡的地址。</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="108"/>
        <source>0.0.0.0 = all interfaces</source>
        <translation>0.0.0.0 = 所有网卡</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="109"/>
        <source>Local host</source>
        <translation>本地主机地址</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="110"/>
        <location filename="../../ui/page/network/panel.py" line="111"/>
        <source>Local port</source>
        <translation>本地主机端口</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="110"/>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="114"/>
        <location filename="../../ui/page/network/panel.py" line="115"/>
        <source>Remote host</source>
        <translation>远程主机地址</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="116"/>
        <location filename="../../ui/page/network/panel.py" line="117"/>
        <source>Remote port</source>
        <translation>远程主机端口</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="122"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="122"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="129"/>
        <source> — all interfaces, reachable from your network</source>
        <translation> — 所有网卡，局域网内可访问</translation>
    </message>
</context>
<context>
    <name>PeerList</name>
    <message>
        <location filename="../../ui/page/panels/peer_table.py" line="319"/>
        <source>Connected clients</source>
        <extracomment>The widest value each column shows. The selection changed: the peers selected (``host:port``), first one first.</extracomment>
        <translation>已连接的客户端</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/peer_table.py" line="330"/>
        <source>Disconnect selected</source>
        <translation>断开所选</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/peer_table.py" line="332"/>
        <source>Show only this client</source>
        <translation>只显示此客户端</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/peer_table.py" line="333"/>
        <source>Show only the selected client&apos;s messages in the view</source>
        <translation>接收区只显示所选客户端的消息</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/peer_table.py" line="376"/>
        <source>Clients (%1)</source>
        <translation>客户端（%1）</translation>
    </message>
</context>
<context>
    <name>PeerTable</name>
    <message>
        <location filename="../../ui/page/panels/peer_table.py" line="93"/>
        <source>Client</source>
        <extracomment>It finished sending (a half-close): still open for replies, shown greyed. The engine&apos;s connection (its ``skipped``: messages not sent to it because it was not reading), if any. The counters in the table change at most this often (a table is read, not watched like the byte counts). More row removals than this at once are applied as one layout change, not one signal each.</extracomment>
        <translation>客户端</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/peer_table.py" line="93"/>
        <source>RX</source>
        <translation>接收</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/peer_table.py" line="93"/>
        <source>TX</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/peer_table.py" line="93"/>
        <source>RX/s</source>
        <translation>接收速率</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/peer_table.py" line="93"/>
        <source>Since</source>
        <translation>连接时间</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/peer_table.py" line="94"/>
        <source>Skipped</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/peer_table.py" line="95"/>
        <source>The client&apos;s address and port</source>
        <translation>客户端的地址和端口</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/peer_table.py" line="95"/>
        <source>Bytes received from it</source>
        <translation>从它接收的字节数</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/peer_table.py" line="96"/>
        <source>Bytes sent to it</source>
        <translation>发送给它的字节数</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/peer_table.py" line="96"/>
        <source>Bytes a second received from it</source>
        <translation>每秒从它接收的字节数</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/peer_table.py" line="97"/>
        <source>When it connected</source>
        <translation>它连接的时间</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/peer_table.py" line="98"/>
        <source>Messages not sent to it because it was not reading (broker mode, periodic sends to all clients)</source>
        <translation>因对方没有读取而未发给它的消息（转发模式、向所有客户端的定时发送）</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/peer_table.py" line="100"/>
        <source>It finished sending; the connection stays open for replies for a moment, then the server closes it</source>
        <translation>对方已结束发送；连接再保持片刻以便回复，之后由服务器关闭</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/peer_table.py" line="102"/>
        <source>%1 messages were not sent to it because it was not reading</source>
        <translation>因对方没有读取，有 %1 条消息未发给它</translation>
    </message>
</context>
<context>
    <name>PeriodicControls</name>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="103"/>
        <source>Send every</source>
        <extracomment>What it keeps (see ui.options): checked when loaded, so a hand-edited file cannot break it.</extracomment>
        <translation>循环周期</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="105"/>
        <source>Periodic send</source>
        <translation>定时发送</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="106"/>
        <source>Period in milliseconds</source>
        <translation>周期（毫秒）</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="107"/>
        <source>How many times (0 = until stopped)</source>
        <translation>发送次数（0 = 直到停止）</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="108"/>
        <source>until stopped</source>
        <translation>直到停止</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/controls.py" line="118"/>
        <source>Times</source>
        <translation>次数</translation>
    </message>
</context>
<context>
    <name>QuickCommandsPanel</name>
    <message>
        <location filename="../../ui/page/send_tools/quick_panel.py" line="34"/>
        <source>Quick commands</source>
        <translation>快捷指令</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/quick_panel.py" line="46"/>
        <source>Add the editor&apos;s content as a quick command</source>
        <translation>把编辑框的内容添加为快捷指令</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/quick_panel.py" line="45"/>
        <source>Add quick command</source>
        <translation>添加快捷指令</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/quick_panel.py" line="35"/>
        <source>▶ sends a command with one click; Ctrl+1…9 send the first nine</source>
        <translation>点 ▶ 一键发送；Ctrl+1…9 发送前九条</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/quick_panel.py" line="47"/>
        <source>Delete quick command</source>
        <translation>删除快捷指令</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/quick_panel.py" line="49"/>
        <source>Put the selected command in the editor</source>
        <translation>把所选指令放入编辑框</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/quick_panel.py" line="82"/>
        <source>Send %1</source>
        <translation>发送 %1</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/quick_panel.py" line="48"/>
        <source>Edit quick command</source>
        <translation>编辑快捷指令</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/quick_panel.py" line="51"/>
        <source>Save the editor&apos;s content into the selected command</source>
        <translation>把编辑框的内容保存到所选指令</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/quick_panel.py" line="50"/>
        <source>Save into quick command</source>
        <translation>保存到快捷指令</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/quick_panel.py" line="52"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/quick_panel.py" line="53"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
</context>
<context>
    <name>RatesChart</name>
    <message>
        <location filename="../../ui/page/panels/rates.py" line="56"/>
        <source>Bytes per second, sampled once a second</source>
        <extracomment>Samples kept: ten minutes, one a second. How often the counters are sampled (ms). The series: a name, what of :class:`Counts` it is, whether it is the chosen peer&apos;s, its colour and dash. The peer filter&apos;s choice (``host:port``) whose rates are drawn too, None for none. The label each series has in its plot&apos;s legend (absent: not listed).</extracomment>
        <translation>每秒字节数，每秒采样一次</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/rates.py" line="67"/>
        <source>RX</source>
        <translation>接收</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/rates.py" line="67"/>
        <source>TX</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/rates.py" line="67"/>
        <source>RX datagrams</source>
        <translation>接收数据报</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/rates.py" line="68"/>
        <source>TX datagrams</source>
        <translation>发送数据报</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/rates.py" line="68"/>
        <source>%1 RX</source>
        <translation>%1 接收</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/rates.py" line="68"/>
        <source>%1 TX</source>
        <translation>%1 发送</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/rates.py" line="132"/>
        <source>bytes/s</source>
        <translation>字节/秒</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/rates.py" line="134"/>
        <source>datagrams/s</source>
        <translation>数据报/秒</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/rates.py" line="194"/>
        <source>%1 / %2 datagrams/s</source>
        <translation>%1 / %2 个数据报/秒</translation>
    </message>
</context>
<context>
    <name>ReceivePane</name>
    <message>
        <location filename="../../ui/receive/pane.py" line="373"/>
        <source>Copy</source>
        <extracomment>The message whose fields are listed: its item in the view&apos;s layout (-1: none).</extracomment>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="376"/>
        <source>Copy as hex</source>
        <translation>复制为十六进制</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="378"/>
        <source>Select all</source>
        <translation>全选</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="381"/>
        <source>Find…</source>
        <translation>查找…</translation>
    </message>
    <message>
        <location filename="../../ui/receive/pane.py" line="383"/>
        <source>Jump to the newest data</source>
        <translation>跳到最新数据</translation>
    </message>
</context>
<context>
    <name>ReceiveSettings</name>
    <message>
        <location filename="../../ui/page/panels/receive_settings.py" line="58"/>
        <source>Receive settings</source>
        <extracomment>A decoder (a layout file) that cannot be used: the error names the field; the box went back to none. The decoder in use changed (or was refused): any error about the last one is gone. *Edit layout…*: the page opens the layout editor.</extracomment>
        <translation>接收设置</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/receive_settings.py" line="64"/>
        <source>Text encoding (received and sent text)</source>
        <extracomment>The page&apos;s records are messages, text or binary by their own flag (WebSocket: ViewOptions.messages).</extracomment>
        <translation>文本编码（接收和发送的文本）</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/receive_settings.py" line="65"/>
        <source>How received bytes are shown as text, and how typed text is sent</source>
        <translation>接收的字节如何显示为文本，以及输入的文本如何发送</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/receive_settings.py" line="71"/>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/receive_settings.py" line="81"/>
        <source>Hex</source>
        <translation>HEX</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/receive_settings.py" line="82"/>
        <source>Show received data as hex</source>
        <translation>以十六进制显示接收数据</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/receive_settings.py" line="83"/>
        <source>Log mode</source>
        <translation>按日志模式显示</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/receive_settings.py" line="84"/>
        <source>Time, direction and peer before each message</source>
        <translation>每条消息前显示时间、方向和对端</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/receive_settings.py" line="85"/>
        <source>Wrap lines</source>
        <translation>自动换行</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/receive_settings.py" line="86"/>
        <source>Auto-scroll</source>
        <translation>自动滚动</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/receive_settings.py" line="87"/>
        <source>Hide display</source>
        <translation>暂停显示</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/receive_settings.py" line="88"/>
        <source>Stop drawing received data; counting and logging go on</source>
        <translation>不再显示接收数据；计数和日志照常进行</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/receive_settings.py" line="95"/>
        <source>Save received data to file…</source>
        <translation>接收保存到文件…</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/receive_settings.py" line="97"/>
        <source>One file per client</source>
        <translation>每个客户端一个文件</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/receive_settings.py" line="98"/>
        <source>Files at most, one per client</source>
        <translation>文件数上限（每个客户端一个）</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/receive_settings.py" line="100"/>
        <source>At most this many files are made, one per client; what more clients send goes into the shared file</source>
        <translation>最多创建这么多文件，每个客户端一个；更多客户端发来的数据写入共用文件</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/receive_settings.py" line="104"/>
        <source>at most</source>
        <translation>最多</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/receive_settings.py" line="112"/>
        <source>Log session to file…</source>
        <translation>会话日志保存到文件…</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/receive_settings.py" line="119"/>
        <source>Clear display</source>
        <translation>清除接收</translation>
    </message>
</context>
<context>
    <name>ReceiveView</name>
    <message>
        <location filename="../../ui/receive/view.py" line="81"/>
        <source>Received data</source>
        <extracomment>More new bytes than this between two updates is a flood: the view then paints a provisional tail of the newest FLOOD_TAIL_BYTES while the layout catches up in slices. What is shown, laid out (the name hides QWidget.layout(), which a view never has). Find progressed: (index of the current match or -1, matches so far, search complete). A click on a message (not a notice): its item in the current layout (the fields panel shows it).</extracomment>
        <translation>接收数据</translation>
    </message>
    <message>
        <location filename="../../ui/receive/view.py" line="90"/>
        <source>RX from</source>
        <translation>收←</translation>
    </message>
    <message>
        <location filename="../../ui/receive/view.py" line="90"/>
        <source>TX to</source>
        <translation>发→</translation>
    </message>
    <message>
        <location filename="../../ui/receive/view.py" line="91"/>
        <source>… %1 bytes (click to show)</source>
        <translation>… 共 %1 字节（点击展开）</translation>
    </message>
    <message>
        <location filename="../../ui/receive/view.py" line="92"/>
        <source>… file, %1 bytes (click to show)</source>
        <translation>… 文件，共 %1 字节（点击展开）</translation>
    </message>
    <message>
        <location filename="../../ui/receive/view.py" line="93"/>
        <source>(%1 bytes, %2 of them from before)</source>
        <translation>（%1 字节，其中 %2 字节来自之前的读取）</translation>
    </message>
    <message>
        <location filename="../../ui/receive/view.py" line="94"/>
        <source>not decoded: longer than %1 bytes</source>
        <translation>未解码：超过 %1 字节</translation>
    </message>
    <message>
        <location filename="../../ui/receive/view.py" line="133"/>
        <source>Jump to the newest data</source>
        <extracomment>Following the newest rows or held on a record (and the &quot;N new&quot; count).</extracomment>
        <translation>跳到最新数据</translation>
    </message>
    <message>
        <location filename="../../ui/receive/view.py" line="709"/>
        <source>↓ %1 new</source>
        <extracomment>A decoded field&apos;s bytes highlighted (the fields panel): the layout it was set in, item, start, end.</extracomment>
        <translation>↓ %1 条新消息</translation>
    </message>
    <message>
        <location filename="../../ui/receive/view.py" line="713"/>
        <source>Display hidden: data is still counted, kept and logged</source>
        <translation>显示已隐藏：数据仍在计数、保存和记录</translation>
    </message>
</context>
<context>
    <name>Recorder</name>
    <message>
        <location filename="../../ui/page/panels/recording.py" line="58"/>
        <source>Save received data to</source>
        <translation>接收数据保存到</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/recording.py" line="96"/>
        <source>Log this session to</source>
        <translation>会话日志保存到</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/recording.py" line="97"/>
        <source>Text log (*.log *.txt)</source>
        <translation>文本日志 (*.log *.txt)</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/recording.py" line="146"/>
        <source>Saving to %1</source>
        <translation>正在保存到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/recording.py" line="148"/>
        <source>Logging to %1 (+ .jsonl)</source>
        <translation>日志写入 %1（及 .jsonl）</translation>
    </message>
</context>
<context>
    <name>SendPanel</name>
    <message>
        <location filename="../../ui/page/panels/send_panel.py" line="76"/>
        <source>Data to send</source>
        <extracomment>A paste longer than this is held as a payload, not put in the editor (a text widget with one line of a megabyte took a minute to lay out). The payload is valid again (an error it caused elsewhere can go). A recalled entry wants its format back: (hex, encoding).</extracomment>
        <translation>待发送数据</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_panel.py" line="77"/>
        <source>Type data to send; Ctrl+Enter sends, Up/Down recall history</source>
        <translation>输入要发送的数据；Ctrl+Enter 发送，↑/↓ 调出历史</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_panel.py" line="85"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_panel.py" line="87"/>
        <source>Clear the pasted payload</source>
        <translation>清除粘贴的数据</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_panel.py" line="102"/>
        <source>The bytes that will go out, checksum included</source>
        <translation>将要发出的字节（含校验）</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_panel.py" line="113"/>
        <source>Send to</source>
        <translation>发送到</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_panel.py" line="114"/>
        <source>All clients</source>
        <translation>所有客户端</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_panel.py" line="119"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_panel.py" line="122"/>
        <source>Send (Ctrl+Enter)</source>
        <translation>发送（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_panel.py" line="126"/>
        <source>Send history</source>
        <translation>历史发送</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_panel.py" line="127"/>
        <source>History</source>
        <translation>历史发送</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_panel.py" line="132"/>
        <source>Clear history</source>
        <translation>清除历史</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_panel.py" line="201"/>
        <source>Sends %1 bytes: %2</source>
        <translation>将发送 %1 字节：%2</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_panel.py" line="209"/>
        <source>Pasted %1 characters: too long to edit here. Send sends them as they are.</source>
        <translation>已粘贴 %1 个字符：太长，无法在此编辑。点击发送将原样发送。</translation>
    </message>
</context>
<context>
    <name>SendSettings</name>
    <message>
        <location filename="../../ui/page/panels/send_settings.py" line="71"/>
        <source>Send settings</source>
        <extracomment>Expand ``{{…}}`` macros first (None: the text is sent as it is). The page has numbered connections: ``{{conn}}`` is a connection&apos;s number (1 in a preview).</extracomment>
        <translation>发送设置</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_settings.py" line="75"/>
        <source>Hex</source>
        <translation>HEX</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_settings.py" line="76"/>
        <source>Type hex digits; they are sent as bytes</source>
        <translation>输入十六进制数字，按字节发送</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_settings.py" line="77"/>
        <source>Escapes \r \n \xNN</source>
        <translation>转义符 \r \n \xNN</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_settings.py" line="78"/>
        <source>In text: \r \n \t \\ \0 and \xNN (a raw byte)</source>
        <translation>文本中可用：\r \n \t \\ \0 和 \xNN（原始字节）</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_settings.py" line="79"/>
        <source>Macros {{…}}</source>
        <translation>宏 {{…}}</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_settings.py" line="80"/>
        <source>Expand {{counter}}, {{counter:4}}, {{time:%H:%M:%S}}, {{unix}}, {{unix_ms}}, {{random:N}} before sending; {{{{ writes {{</source>
        <translation>发送前展开 {{counter}}、{{counter:4}}、{{time:%H:%M:%S}}、{{unix}}、{{unix_ms}}、{{random:N}}；{{{{ 表示字面的 {{</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_settings.py" line="83"/>
        <source>; {{conn}} is each connection&apos;s number (1, 2, 3 … in the order they connected)</source>
        <translation>；{{conn}} 为每个连接的编号（按连接先后 1, 2, 3 …）</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_settings.py" line="86"/>
        <source>Allow an empty payload</source>
        <translation>允许发送空内容</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_settings.py" line="87"/>
        <source>Send even when the editor is empty (only the checksum, or an empty datagram)</source>
        <translation>编辑框为空时也发送（只发校验和，或空数据报）</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_settings.py" line="116"/>
        <source>Send tools</source>
        <translation>发送工具</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_settings.py" line="123"/>
        <source>Quick</source>
        <translation>快捷指令</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_settings.py" line="124"/>
        <source>Quick commands: named payloads sent with one click (Ctrl+1…9)</source>
        <translation>快捷指令：一键发送的命名数据（Ctrl+1…9）</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_settings.py" line="131"/>
        <source>Checksum</source>
        <translation>校验</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_settings.py" line="131"/>
        <source>Periodic</source>
        <translation>循环发送</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_settings.py" line="132"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_settings.py" line="132"/>
        <source>Auto-reply</source>
        <translation>自动应答</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/send_settings.py" line="133"/>
        <source>Sequence</source>
        <translation>序列</translation>
    </message>
</context>
<context>
    <name>Sender</name>
    <message>
        <location filename="../../ui/page/panels/sending.py" line="186"/>
        <source>Sent %1</source>
        <extracomment>How often the periodic-send status line is brought up to date while a run goes on.</extracomment>
        <translation>已发送 %1 次</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/sending.py" line="188"/>
        <source>, %1 ticks skipped</source>
        <translation>，跳过 %1 次</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/sending.py" line="190"/>
        <source>paused: reconnecting</source>
        <translation>已暂停：正在重连</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/sending.py" line="191"/>
        <source>paused: the peer is not reading</source>
        <translation>已暂停：对端没有读取数据</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/sending.py" line="193"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/sending.py" line="194"/>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/sending.py" line="209"/>
        <location filename="../../ui/page/panels/sending.py" line="254"/>
        <source>%v of %m bytes</source>
        <translation>%v / %m 字节</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/sending.py" line="225"/>
        <location filename="../../ui/page/panels/sending.py" line="268"/>
        <source>Sent %1 bytes</source>
        <translation>已发送 %1 字节</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/sending.py" line="229"/>
        <location filename="../../ui/page/panels/sending.py" line="232"/>
        <location filename="../../ui/page/panels/sending.py" line="270"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/sending.py" line="235"/>
        <location filename="../../ui/page/panels/sending.py" line="273"/>
        <source>Cancelled at %v of %m bytes</source>
        <translation>已取消，发送了 %v / %m 字节</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/sending.py" line="250"/>
        <source>A file or a large send is still under way: wait for it to end, or cancel it</source>
        <translation>文件或大数据发送仍在进行：请等待其结束，或取消它</translation>
    </message>
</context>
<context>
    <name>SequenceEditor</name>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="37"/>
        <source>Edit sequence</source>
        <translation>编辑序列</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="45"/>
        <source>Action</source>
        <translation>动作</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="45"/>
        <source>Payload or pattern</source>
        <translation>数据或匹配模式</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="45"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="46"/>
        <source>ms / times</source>
        <translation>毫秒 / 次数</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="46"/>
        <source>Step / on failure</source>
        <translation>起始步 / 失败时</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="47"/>
        <source>Checksum</source>
        <translation>校验</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="47"/>
        <source>Macros</source>
        <translation>宏</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="47"/>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="183"/>
        <source>Peer</source>
        <translation>对端</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="61"/>
        <source>Add step</source>
        <translation>添加步骤</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="62"/>
        <source>Delete step</source>
        <translation>删除步骤</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="63"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="64"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="68"/>
        <source>Expect waits for what arrives next; repeat runs the steps from the given one again (0 times: until stopped).</source>
        <translation>“期望”等待接下来收到的数据；“重复”从指定步骤起再次运行（0 次：直到停止）。</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="75"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="101"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="101"/>
        <source>Wait</source>
        <translation>等待</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="101"/>
        <source>Expect</source>
        <translation>期望</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="102"/>
        <source>Repeat</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="109"/>
        <source>payload</source>
        <translation>发送数据</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="110"/>
        <source>text, regex, hex or a field: registers[0] &gt; 30</source>
        <translation>文本、正则、十六进制，或字段条件：registers[0] &gt; 30</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="115"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="116"/>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="120"/>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="120"/>
        <source>Contains</source>
        <translation>包含</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="120"/>
        <source>Regex</source>
        <translation>正则</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="121"/>
        <source>Decoded field</source>
        <translation>解码字段</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="134"/>
        <source>until stopped</source>
        <translation>直到停止</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="135"/>
        <source>×</source>
        <translation>次</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="139"/>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="149"/>
        <source>from step </source>
        <translation>起始步 </translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="156"/>
        <source>stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="157"/>
        <source>go on</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="168"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="176"/>
        <source>Expand macros</source>
        <translation>展开宏</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="177"/>
        <source>Expand {{counter}}, {{time:%H:%M:%S}}, {{random:N}} … in this payload</source>
        <translation>展开此数据中的 {{counter}}、{{time:%H:%M:%S}}、{{random:N}} 等宏</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="184"/>
        <source>the page&apos;s target</source>
        <translation>页面的发送目标</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="184"/>
        <source>any peer</source>
        <translation>任意对端</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_editor.py" line="240"/>
        <source>Sequence</source>
        <translation>序列</translation>
    </message>
</context>
<context>
    <name>SequenceTool</name>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="62"/>
        <source>Sequence</source>
        <extracomment>Result lines the tab keeps (the newest).</extracomment>
        <translation>序列</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="63"/>
        <source>New sequence</source>
        <translation>新建序列</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="64"/>
        <source>Edit sequence</source>
        <translation>编辑序列</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="65"/>
        <source>Delete sequence</source>
        <translation>删除序列</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="66"/>
        <source>Sequence from quick command</source>
        <translation>由快捷指令生成序列</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="67"/>
        <source>Make a one-step sequence of the selected quick command (then add steps)</source>
        <translation>把所选快捷指令做成单步序列（再添加步骤）</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="68"/>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="206"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="71"/>
        <source>Send, wait, expect a reply, repeat: + makes a sequence.</source>
        <translation>发送、等待、期望应答、重复：点 + 新建序列。</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="76"/>
        <source>Step results</source>
        <translation>各步结果</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="145"/>
        <source>Sequence %1</source>
        <extracomment>The page&apos;s selected quick command (set by the page). The page&apos;s decoder (its decoderBox): what expect steps on decoded fields decode with.</extracomment>
        <translation>序列 %1</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="152"/>
        <source>Select a quick command first.</source>
        <translation>请先选择一条快捷指令。</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="206"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="271"/>
        <source>sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="271"/>
        <source>waited</source>
        <translation>已等待</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="271"/>
        <source>matched</source>
        <translation>已匹配</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="272"/>
        <source>timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="272"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="272"/>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="323"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="274"/>
        <source>%1 step %2 %3 — %4 in %5 ms</source>
        <translation>%1 第 %2 步 %3 — %4（%5 毫秒）</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="288"/>
        <source>nothing matching %1 within %2 ms</source>
        <translation>%2 毫秒内没有收到匹配 %1 的数据</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="291"/>
        <source>the connection closed before it came</source>
        <translation>连接在收到之前已关闭</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="297"/>
        <source>send %1</source>
        <translation>发送 %1</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="300"/>
        <source>wait %1 ms</source>
        <translation>等待 %1 毫秒</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="302"/>
        <source>expect %1 within %2 ms</source>
        <translation>%2 毫秒内期望 %1</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="304"/>
        <source>repeat from step %1 until stopped</source>
        <translation>从第 %1 步起重复，直到停止</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="305"/>
        <source>repeat from step %1, %2 times</source>
        <translation>从第 %1 步起重复 %2 次</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="312"/>
        <source>Running: step %1 of %2 · %3 s</source>
        <translation>运行中：第 %1 / %2 步 · %3 秒</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="317"/>
        <source>Passed: %1 steps in %2 ms</source>
        <translation>通过：%1 步，用时 %2 毫秒</translation>
    </message>
    <message>
        <location filename="../../ui/page/send_tools/sequence_panel.py" line="328"/>
        <source>Failed at step %1: %2</source>
        <translation>在第 %1 步失败：%2</translation>
    </message>
</context>
<context>
    <name>SessionPage</name>
    <message>
        <location filename="../../ui/page/session_page.py" line="88"/>
        <source>Received data and chart</source>
        <translation>接收数据与图表</translation>
    </message>
    <message>
        <location filename="../../ui/page/session_page.py" line="89"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../ui/page/session_page.py" line="90"/>
        <source>Chart</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../../ui/page/session_page.py" line="92"/>
        <source>Rates</source>
        <translation>速率</translation>
    </message>
    <message>
        <location filename="../../ui/page/session_page.py" line="320"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/page/session_page.py" line="377"/>
        <source>Send target %1 disconnected: %2</source>
        <translation>发送目标 %1 已断开：%2</translation>
    </message>
    <message>
        <location filename="../../ui/page/session_page.py" line="515"/>
        <source>Send a file</source>
        <translation>发送文件</translation>
    </message>
    <message>
        <location filename="../../ui/page/arrange.py" line="29"/>
        <source>Session settings</source>
        <translation>会话设置</translation>
    </message>
</context>
<context>
    <name>SettingsBanner</name>
    <message>
        <location filename="../../ui/window/settings_banner.py" line="28"/>
        <source>Dismiss</source>
        <extracomment>Problems with log tabs to reopen (ui.options.Problem kinds: ``key`` is the file, ``value`` the reason).</extracomment>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/window/settings_banner.py" line="41"/>
        <source>Some tabs could not be opened again:</source>
        <translation>有些标签页无法重新打开：</translation>
    </message>
    <message>
        <location filename="../../ui/window/settings_banner.py" line="43"/>
        <source>Some logs could not be opened again, or only in part:</source>
        <translation>部分日志无法重新打开，或只打开了一部分：</translation>
    </message>
    <message>
        <location filename="../../ui/window/settings_banner.py" line="45"/>
        <source>Some settings could not be read and were reset to their defaults:</source>
        <translation>部分设置无法读取，已恢复为默认值：</translation>
    </message>
    <message>
        <location filename="../../ui/window/settings_banner.py" line="46"/>
        <source>… and %1 more</source>
        <translation>……还有 %1 项</translation>
    </message>
    <message>
        <location filename="../../ui/window/settings_banner.py" line="53"/>
        <source>The log %1 no longer exists; its tab was not opened again</source>
        <translation>日志 %1 已不存在，未重新打开其标签页</translation>
    </message>
    <message>
        <location filename="../../ui/window/settings_banner.py" line="55"/>
        <source>The log %1 cannot be read (%2); its tab was not opened again</source>
        <translation>无法读取日志 %1（%2），未重新打开其标签页</translation>
    </message>
    <message>
        <location filename="../../ui/window/settings_banner.py" line="57"/>
        <source>The log %1: %2 lines are not records and were skipped (%3)</source>
        <translation>日志 %1：%2 行不是记录，已跳过（%3）</translation>
    </message>
</context>
<context>
    <name>SocketOptionsControls</name>
    <message>
        <location filename="../../ui/page/network/advanced.py" line="31"/>
        <location filename="../../ui/page/network/advanced.py" line="33"/>
        <source>Advanced socket options</source>
        <extracomment>Longest keepalive idle time Linux takes (TCP_KEEPIDLE is at most 32,767 s).</extracomment>
        <translation>高级套接字选项</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/advanced.py" line="40"/>
        <source>Send small writes at once (TCP_NODELAY)</source>
        <translation>小数据立即发送 (TCP_NODELAY)</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/advanced.py" line="41"/>
        <source>Keepalive probes (SO_KEEPALIVE)</source>
        <translation>保活探测 (SO_KEEPALIVE)</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/advanced.py" line="42"/>
        <source>Idle time before the first probe</source>
        <translation>首次探测前的空闲时间</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/advanced.py" line="42"/>
        <location filename="../../ui/page/network/advanced.py" line="43"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/advanced.py" line="43"/>
        <source>Time between probes</source>
        <translation>探测间隔</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/advanced.py" line="44"/>
        <source>Probes before giving up</source>
        <translation>放弃前的探测次数</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/advanced.py" line="45"/>
        <location filename="../../ui/page/network/advanced.py" line="57"/>
        <source>Receive buffer</source>
        <translation>接收缓冲区</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/advanced.py" line="45"/>
        <location filename="../../ui/page/network/advanced.py" line="46"/>
        <source> KiB</source>
        <translation> KiB</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/advanced.py" line="46"/>
        <location filename="../../ui/page/network/advanced.py" line="58"/>
        <source>Send buffer</source>
        <translation>发送缓冲区</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/advanced.py" line="47"/>
        <source>IP TTL / hop limit</source>
        <translation>IP TTL / 跳数限制</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/advanced.py" line="49"/>
        <source>system</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/advanced.py" line="56"/>
        <source>Idle, every, probes</source>
        <translation>空闲、间隔、次数</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/advanced.py" line="59"/>
        <source>TTL</source>
        <translation>TTL</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/advanced.py" line="113"/>
        <source>TCP_NODELAY %1</source>
        <translation>TCP_NODELAY %1</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/advanced.py" line="113"/>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/advanced.py" line="113"/>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/advanced.py" line="115"/>
        <source>keepalive %1 s / %2 s / %3</source>
        <translation>保活 %1 秒 / %2 秒 / %3 次</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/advanced.py" line="118"/>
        <source>buffers %1 / %2 bytes</source>
        <translation>缓冲区 %1 / %2 字节</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/advanced.py" line="121"/>
        <source>TTL %1</source>
        <translation>TTL %1</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/advanced.py" line="122"/>
        <source>The kernel set: %1</source>
        <translation>内核实际设置：%1</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/advanced.py" line="124"/>
        <source>Not set: %1</source>
        <translation>未能设置：%1</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../ui/main.py" line="53"/>
        <source>Usage: %1 [options]

NetAssist: a network debugging assistant for TCP and UDP.

Options:
  --settings FILE  keep the settings in this INI file instead of the user&apos;s own
  --lang LANG      the window&apos;s language: en, zh_CN or system (default: the Language menu&apos;s choice)
  --smoke          self-test: open a TCP server, exchange data with a client, print JSON lines, exit
  --version        print the version and exit
  -h, --help       print this help and exit

Qt&apos;s own options (-platform NAME, -style NAME, …) are passed on to Qt.</source>
        <extracomment>Exit codes besides 0 and RESTART: a command line that cannot be used, and no display to show a window on.</extracomment>
        <translation>用法：%1 [选项]

NetAssist：TCP 与 UDP 网络调试助手。

选项：
  --settings FILE  把设置保存在这个 INI 文件中，而不是用户自己的设置文件
  --lang LANG      窗口语言：en、zh_CN 或 system（默认：“语言”菜单中的选择）
  --smoke          自检：打开一个 TCP 服务器，与一个客户端交换数据，输出 JSON 行后退出
  --version        显示版本并退出
  -h, --help       显示本帮助并退出

Qt 自己的选项（-platform NAME、-style NAME 等）会传给 Qt。</translation>
    </message>
    <message>
        <location filename="../../ui/main.py" line="65"/>
        <source>NetAssist: unknown option %1 (%2 --help lists the options)</source>
        <translation>NetAssist：未知选项 %1（%2 --help 列出所有选项）</translation>
    </message>
    <message>
        <location filename="../../ui/main.py" line="66"/>
        <source>NetAssist: option %1 needs a value (%2 --help lists the options)</source>
        <translation>NetAssist：选项 %1 需要一个值（%2 --help 列出所有选项）</translation>
    </message>
    <message>
        <location filename="../../ui/main.py" line="68"/>
        <source>NetAssist needs a graphical display: no DISPLAY or WAYLAND_DISPLAY is set. Run it on a desktop, under Xvfb (xvfb-run make run), or with QT_QPA_PLATFORM=offscreen for tests.</source>
        <translation>NetAssist 需要图形显示：没有设置 DISPLAY 或 WAYLAND_DISPLAY。请在桌面环境中运行，或在 Xvfb 下运行（xvfb-run make run），测试时可用 QT_QPA_PLATFORM=offscreen。</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <location filename="../../ui/page/panels/status_line.py" line="83"/>
        <source>RX:</source>
        <translation>接收：</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/status_line.py" line="86"/>
        <source>Bytes received</source>
        <translation>接收字节数</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/status_line.py" line="88"/>
        <source>TX:</source>
        <translation>发送：</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/status_line.py" line="91"/>
        <source>Bytes sent</source>
        <translation>发送字节数</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/status_line.py" line="95"/>
        <source>Data rates</source>
        <translation>数据速率</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/status_line.py" line="107"/>
        <source>Datagrams the relay received but did not forward: held ones dropped, a full hold queue, a send that failed</source>
        <extracomment>Datagram pages: what the kernel dropped at the session&apos;s sockets, and (a relay) what it dropped itself.</extracomment>
        <translation>中继收到但未转发的数据报：被丢弃的暂存数据报、暂存队列已满、发送失败</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/status_line.py" line="113"/>
        <source>Datagrams the kernel dropped</source>
        <translation>内核丢弃的数据报</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/status_line.py" line="114"/>
        <source>Datagrams the system threw away before this program read them, because the socket&apos;s receive buffer was full (read once a second; &quot;unknown&quot; where the system does not say)</source>
        <translation>本程序读取之前因套接字接收缓冲区已满而被系统丢弃的数据报（每秒读取一次；系统不提供此数时显示“未知”）</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/status_line.py" line="120"/>
        <source>Reset counters</source>
        <translation>复位计数</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/status_line.py" line="131"/>
        <source>%1 datagrams/s</source>
        <translation>%1 个数据报/秒</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/status_line.py" line="140"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/status_line.py" line="141"/>
        <source>kernel dropped %1</source>
        <translation>内核丢弃 %1</translation>
    </message>
    <message>
        <location filename="../../ui/page/panels/status_line.py" line="144"/>
        <source>relay dropped %1</source>
        <translation>中继丢弃 %1</translation>
    </message>
</context>
<context>
    <name>TcpClientNetwork</name>
    <message>
        <location filename="../../ui/page/network/panel.py" line="325"/>
        <source>Local port (0 = any)</source>
        <translation>本地端口（0 = 任意）</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="326"/>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="327"/>
        <source>Local port</source>
        <translation>本地主机端口</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="330"/>
        <source>Reconnect automatically</source>
        <translation>自动重连</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="331"/>
        <source>After a loss or a failed connect, try again: 1 s, 2 s, 4 s … up to the longest wait; Disconnect stops it</source>
        <translation>连接断开或连接失败后自动重试：1 秒、2 秒、4 秒……直到最长等待；点“断开”停止</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="333"/>
        <source>Longest wait between attempts</source>
        <translation>两次重连之间的最长等待</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="334"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="336"/>
        <source>Longest wait</source>
        <translation>最长等待</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="348"/>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="348"/>
        <source>Disconnect</source>
        <translation>断开</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="352"/>
        <source>Reconnecting… (attempt %1)</source>
        <translation>正在重连…（第 %1 次）</translation>
    </message>
</context>
<context>
    <name>TcpClientsNetwork</name>
    <message>
        <location filename="../../ui/page/network/clients.py" line="28"/>
        <source>Local address the connections come from</source>
        <translation>连接使用的本地地址</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/clients.py" line="32"/>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/clients.py" line="33"/>
        <source>From address</source>
        <translation>本地地址</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/clients.py" line="35"/>
        <source>Connections to open</source>
        <translation>要打开的连接数</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/clients.py" line="36"/>
        <source>Connections</source>
        <translation>连接数</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/clients.py" line="37"/>
        <source>Connections opened per second</source>
        <translation>每秒打开的连接数</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/clients.py" line="38"/>
        <source> /s</source>
        <translation> 个/秒</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/clients.py" line="39"/>
        <source>Rate</source>
        <translation>速率</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/clients.py" line="48"/>
        <source>Connect all</source>
        <translation>全部连接</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/clients.py" line="48"/>
        <source>Close all</source>
        <translation>全部关闭</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/clients.py" line="69"/>
        <source>Connected %1 · failed %2 · closed %3</source>
        <translation>已连接 %1 · 失败 %2 · 已关闭 %3</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/clients.py" line="73"/>
        <source>Connect time: median %1 ms, 99%: %2 ms</source>
        <translation>连接耗时：中位数 %1 毫秒，99%：%2 毫秒</translation>
    </message>
</context>
<context>
    <name>TcpRelayNetwork</name>
    <message>
        <location filename="../../ui/page/network/relay.py" line="32"/>
        <location filename="../../ui/page/network/relay.py" line="34"/>
        <source>Target host</source>
        <translation>目标主机</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/relay.py" line="33"/>
        <location filename="../../ui/page/network/relay.py" line="34"/>
        <source>Target port</source>
        <translation>目标端口</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/relay.py" line="39"/>
        <location filename="../../ui/page/network/relay.py" line="44"/>
        <source>Pair limit</source>
        <translation>连接对上限</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/relay.py" line="41"/>
        <source>Clients relayed at once (each with its connection to the target); more are refused, said at most once a second. It can change while relaying.</source>
        <translation>同时中继的客户端数（每个都有一条到目标的连接）；超出的被拒绝，每秒最多提示一次。中继时也可修改。</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/relay.py" line="47"/>
        <source>TLS towards clients</source>
        <translation>对客户端使用 TLS</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/relay.py" line="49"/>
        <source>TLS towards the target</source>
        <translation>对目标使用 TLS</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/relay.py" line="52"/>
        <location filename="../../ui/page/network/relay.py" line="55"/>
        <source>Send injects</source>
        <translation>发送注入</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/relay.py" line="53"/>
        <source>to the target (as if from the client)</source>
        <translation>发往目标（如同来自客户端）</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/relay.py" line="54"/>
        <source>to the client (as if from the target)</source>
        <translation>发往客户端（如同来自目标）</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/relay.py" line="57"/>
        <source>Hold client → target</source>
        <translation>暂扣 客户端 → 目标</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/relay.py" line="58"/>
        <source>Hold target → client</source>
        <translation>暂扣 目标 → 客户端</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/relay.py" line="63"/>
        <source>Drop held bytes</source>
        <translation>丢弃暂扣的数据</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/relay.py" line="69"/>
        <source>Stop forwarding this way: what arrives is kept (up to 4 MiB a pair and 64 MiB for the relay, then reading pauses) until you let it go or drop it</source>
        <translation>暂停这个方向的转发：收到的数据先保留（每对最多 4 MiB，整个中继最多 64 MiB，之后暂停读取），直到放行或丢弃</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/relay.py" line="81"/>
        <source>Start relay</source>
        <translation>开始中继</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/relay.py" line="81"/>
        <source>Stop relay</source>
        <translation>停止中继</translation>
    </message>
</context>
<context>
    <name>TcpServerNetwork</name>
    <message>
        <location filename="../../ui/page/network/panel.py" line="240"/>
        <location filename="../../ui/page/network/panel.py" line="247"/>
        <source>Client limit</source>
        <translation>客户端上限</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="243"/>
        <source>Clients served at once; more are refused, said at most once a second. It can change while listening.</source>
        <translation>同时服务的客户端数；超出的被拒绝，每秒最多提示一次。监听时也可修改。</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="245"/>
        <source> This program may open %1 files (a client takes one).</source>
        <translation> 本程序最多可打开 %1 个文件（每个客户端占一个）。</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="248"/>
        <source>Close a client that finished sending after</source>
        <translation>结束发送的客户端在此时间后关闭</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="249"/>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="251"/>
        <source>A client that finished sending (its recv returned 0) stays connected this long for replies (auto-reply, a sequence, Send); each send to it starts the wait again. Then the server closes it and its row goes.</source>
        <translation>结束发送的客户端（recv 返回 0）保持连接这么久，以便回复（自动回复、序列、发送）；每次向它发送都会重新计时。之后服务器关闭连接，并从列表中移除。</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="254"/>
        <source>Close finished after</source>
        <translation>结束后关闭</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="259"/>
        <source>Forward between clients (chat room)</source>
        <translation>客户端之间转发（群聊模式）</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="260"/>
        <source>What a client sends goes to every other client, like ncat --broker</source>
        <translation>一个客户端发来的数据转发给其他所有客户端，类似 ncat --broker</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="261"/>
        <source>…and back to the sender</source>
        <translation>……也发回给发送者</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="295"/>
        <source>Start listening</source>
        <translation>开始监听</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/panel.py" line="295"/>
        <source>Stop listening</source>
        <translation>停止监听</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <location filename="../../ui/texts.py" line="30"/>
        <source>closed by peer</source>
        <translation>对方关闭</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="31"/>
        <source>connection reset by peer</source>
        <translation>连接被对方重置</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="32"/>
        <source>the target reset the connection (passed on as a reset)</source>
        <translation>目标重置了连接（已作为重置转给客户端）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="33"/>
        <source>disconnected by user</source>
        <translation>已被用户断开</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="34"/>
        <source>server stopped</source>
        <translation>服务器已停止</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="35"/>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="36"/>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="44"/>
        <source>Listening on %1</source>
        <translation>正在监听 %1</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="46"/>
        <source>Bound to %1</source>
        <translation>已绑定 %1</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="48"/>
        <location filename="../../ui/texts.py" line="381"/>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="50"/>
        <source>%1 connected</source>
        <translation>%1 已连接</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="54"/>
        <source>%1 disconnected: it had closed (it answered what was sent after it finished sending with a reset)</source>
        <translation>%1 已断开：对方早已关闭（对它结束发送后发来的数据回应了复位）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="61"/>
        <source>%1 disconnected: it finished sending and nothing was sent to it for %2 s</source>
        <translation>%1 已断开：对方已结束发送，且 %2 秒内没有再向它发送</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="52"/>
        <location filename="../../ui/texts.py" line="57"/>
        <location filename="../../ui/texts.py" line="64"/>
        <source>%1 disconnected: %2</source>
        <translation>%1 已断开：%2</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="66"/>
        <source>Connected to %1 (local %2)</source>
        <translation>已连接到 %1（本地 %2）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="68"/>
        <source>%1 closed its side of the connection (end of data)</source>
        <translation>%1 关闭了它那一端的连接（数据结束）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="70"/>
        <source>%1 finished sending; its connection closes in %2 s unless something is sent to it</source>
        <translation>%1 已结束发送；若不再向它发送，连接将在 %2 秒后关闭</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="73"/>
        <source>%1 finished sending (the connection stays open for replies)</source>
        <translation>%1 已结束发送（连接保持打开，仍可回复）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="75"/>
        <source>Opening %1 connections to %2 at %3 a second</source>
        <translation>正在以每秒 %3 个的速率打开到 %2 的 %1 个连接</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="77"/>
        <source>%1 connected, %2 failed</source>
        <translation>已连接 %1 个，失败 %2 个</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="79"/>
        <source>The kernel dropped %1 datagrams: the receive buffer (%2 bytes) was full (this program read too slowly); counted as kernel dropped, said again after a quiet spell</source>
        <translation>内核丢弃了 %1 个数据报：接收缓冲区（%2 字节）已满（本程序读取太慢）；已计入“内核丢弃”，平静一段时间后再次出现才会再提示</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="83"/>
        <source>%1 ↔ %2: relaying</source>
        <translation>%1 ↔ %2：正在转发</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="85"/>
        <source>%1 is not reading: messages for it are skipped (counted) until it reads again</source>
        <translation>%1 没有读取：发给它的消息被跳过（计数），直到它重新读取</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="88"/>
        <source>%1 reads again; it missed %2 messages (%3 in all)</source>
        <translation>%1 重新开始读取；错过了 %2 条消息（共 %3 条）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="90"/>
        <source>Held bytes reached %1, the bound for all pairs: held directions stop reading (nothing is dropped) until held bytes are let go or dropped</source>
        <translation>暂扣的数据达到 %1 字节，即所有连接对的总上限：暂扣的方向停止读取（不丢弃数据），直到放行或丢弃暂扣数据</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="93"/>
        <source>%1 held bytes dropped</source>
        <translation>已丢弃暂扣的 %1 字节</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="95"/>
        <source>Sending from %1 sockets (also %2 … %3)</source>
        <translation>从 %1 个套接字发送（另有 %2 … %3）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="97"/>
        <source>%1: the hold queue is full; more datagrams are dropped</source>
        <translation>%1：暂存队列已满，之后的数据报将被丢弃</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="100"/>
        <source>%1 forgotten to make room for %2 (the system is out of open files)</source>
        <translation>为 %2 腾出位置，已移除 %1（系统可打开的文件已用完）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="103"/>
        <source>%1 forgotten to make room for %2 (at most %3 sources)</source>
        <translation>为 %2 腾出位置，已移除 %1（最多 %3 个来源）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="105"/>
        <source>; %1 held datagrams dropped</source>
        <translation>；丢弃了 %1 个暂存的数据报</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="108"/>
        <source>%1 more sources opened and %2 more mappings evicted in the last %3 s (not said one by one)</source>
        <translation>最近 %3 秒内另有 %1 个来源开始中继、%2 个映射被移除以腾出位置（未逐条显示）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="111"/>
        <source>%1 forgotten after %2 s without traffic</source>
        <translation>%1 在 %2 秒无数据后已移除</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="113"/>
        <source>%1 forgotten</source>
        <translation>%1 已移除</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="115"/>
        <source>Reconnecting to %1 in %2 s (attempt %3)</source>
        <translation>%2 秒后重连 %1（第 %3 次）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="117"/>
        <source>Client limit (%1) reached: %2 clients refused in the last second</source>
        <translation>已达客户端上限（%1）：上一秒拒绝了 %2 个客户端</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="119"/>
        <source>Pair limit (%1) reached: %2 clients refused in the last second</source>
        <translation>已达连接对上限（%1）：上一秒拒绝了 %2 个客户端</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="121"/>
        <source>Pair limit (%2) reached: %1 was disconnected</source>
        <translation>已达连接对上限（%2）：%1 已被断开</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="123"/>
        <source>Client limit (%2) reached: %1 was disconnected</source>
        <translation>已达客户端上限（%2）：%1 已被断开</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="125"/>
        <source>Port unreachable: nothing listens at %1 (ICMP)</source>
        <translation>端口不可达：%1 没有程序在监听（ICMP）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="127"/>
        <source>Joined multicast group %1 on %2</source>
        <translation>已在 %2 上加入组播组 %1</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="129"/>
        <source>Left multicast group %1 on %2</source>
        <translation>已在 %2 上退出组播组 %1</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="131"/>
        <source>File %1 sent: %2 bytes</source>
        <translation>文件 %1 已发送：%2 字节</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="133"/>
        <source>Sequence “%1” passed: %2 steps in %3 ms</source>
        <translation>序列“%1”通过：%2 步，用时 %3 毫秒</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="135"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="136"/>
        <source>Sequence “%1” failed at step %2: %3 (%4 ms)</source>
        <translation>序列“%1”在第 %2 步失败：%3（%4 毫秒）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="138"/>
        <source>Sequence step %1 failed: %2</source>
        <translation>序列第 %1 步失败：%2</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="140"/>
        <source>TLS with %1: %2, cipher %3 (%4 bits)</source>
        <translation>与 %1 的 TLS：%2，加密套件 %3（%4 位）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="142"/>
        <source>, ALPN %1</source>
        <translation>，ALPN %1</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="144"/>
        <source>; certificate: subject %1, issuer %2, valid from %3 to %4, SHA-256 %5</source>
        <translation>；证书：主体 %1，颁发者 %2，有效期 %3 至 %4，SHA-256 %5</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="147"/>
        <source>; no certificate from the peer</source>
        <translation>；对方未提供证书</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="152"/>
        <location filename="../../ui/texts.py" line="301"/>
        <source>TLS handshake with %1 failed: %2</source>
        <translation>与 %1 的 TLS 握手失败：%2</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="154"/>
        <source>TLS on; this server&apos;s certificate: subject %1, valid to %2, SHA-256 %3</source>
        <translation>已启用 TLS；本服务器证书：主体 %1，有效期至 %2，SHA-256 %3</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="157"/>
        <source>Auto-reply: too many replies waiting (%1; the latest for %2, delay %3 ms): more are dropped and counted until they have gone</source>
        <translation>自动回复：等待发送的回复过多（%1 条；最新一条发往 %2，延时 %3 毫秒）：在它们发出之前，新的回复将被丢弃并计数</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="160"/>
        <source>Saving: %1 files were made, one per client; what more clients send goes into %2</source>
        <translation>保存：已创建 %1 个文件（每个客户端一个）；更多客户端发来的数据写入 %2</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="163"/>
        <source>The log file %1 was deleted or moved away while logging: logging goes on in a new file in %2</source>
        <translation>记录期间日志文件 %1 被删除或移走：日志在 %2 中的新文件里继续记录</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="166"/>
        <location filename="../../ui/texts.py" line="365"/>
        <location filename="../../ui/texts.py" line="366"/>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="181"/>
        <source>registered for libraries and frameworks</source>
        <translation>保留给库和框架</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="183"/>
        <source>the application&apos;s own code</source>
        <translation>应用自定义代码</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="185"/>
        <source>normal closure</source>
        <translation>正常关闭</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="185"/>
        <source>going away</source>
        <translation>离开</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="186"/>
        <source>protocol error</source>
        <translation>协议错误</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="186"/>
        <source>unsupported data</source>
        <translation>不支持的数据</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="187"/>
        <source>no status received</source>
        <translation>未收到状态码</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="187"/>
        <source>abnormal closure</source>
        <translation>异常关闭</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="188"/>
        <source>invalid frame payload data</source>
        <translation>帧载荷数据无效</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="188"/>
        <source>policy violation</source>
        <translation>违反策略</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="189"/>
        <source>message too big</source>
        <translation>消息过大</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="189"/>
        <source>mandatory extension</source>
        <translation>缺少必需的扩展</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="190"/>
        <source>internal error</source>
        <translation>内部错误</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="190"/>
        <source>service restart</source>
        <translation>服务重启</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="191"/>
        <source>try again later</source>
        <translation>请稍后重试</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="191"/>
        <source>bad gateway</source>
        <translation>网关错误</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="192"/>
        <source>TLS failure</source>
        <translation>TLS 失败</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="193"/>
        <location filename="../../ui/texts.py" line="201"/>
        <source>unknown code</source>
        <translation>未知代码</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="203"/>
        <source>%1, reason “%2”</source>
        <translation>%1，原因“%2”</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="214"/>
        <source>before the WebSocket handshake finished</source>
        <translation>在 WebSocket 握手完成之前</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="216"/>
        <source>without a closing handshake (1006, abnormal closure)</source>
        <translation>没有关闭握手（1006，异常关闭）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="218"/>
        <source>we sent %1; no close frame came back</source>
        <translation>我方发送了 %1；对方未回关闭帧</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="220"/>
        <source>the peer closed with %1</source>
        <translation>对方以 %1 关闭</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="221"/>
        <source>we closed with %1; the peer answered %2</source>
        <translation>我方以 %1 关闭；对方回应 %2</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="233"/>
        <source>WebSocket server at %1</source>
        <translation>WebSocket 服务器地址 %1</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="234"/>
        <source> (any path)</source>
        <translation>（任意路径）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="236"/>
        <source>, subprotocol %1</source>
        <translation>，子协议 %1</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="237"/>
        <source>, extensions %1</source>
        <translation>，扩展 %1</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="239"/>
        <source>%1 opened a WebSocket on %2</source>
        <translation>%1 在 %2 上打开了 WebSocket</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="241"/>
        <source>WebSocket open with %1: %2</source>
        <translation>已与 %1 建立 WebSocket：%2</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="244"/>
        <source>WebSocket handshake failed: %1</source>
        <translation>WebSocket 握手失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="247"/>
        <source>%1 left before its WebSocket handshake finished</source>
        <translation>%1 在 WebSocket 握手完成前离开</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="249"/>
        <source>Ping from %1 (%2 bytes); pong sent</source>
        <translation>收到 %1 的 Ping（%2 字节），已回复 Pong</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="252"/>
        <source>%1 clients</source>
        <translation>%1 个客户端</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="253"/>
        <source>Ping to %1 (%2 bytes)</source>
        <translation>向 %1 发送 Ping（%2 字节）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="255"/>
        <source>Pong from %1 after %2 ms</source>
        <translation>%1 的 Pong，往返 %2 毫秒</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="257"/>
        <source>Pong from %1 that answers no ping of ours (%2 bytes)</source>
        <translation>%1 的 Pong 不对应我们发出的任何 Ping（%2 字节）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="259"/>
        <source>%1 closes the WebSocket: %2</source>
        <translation>%1 关闭了 WebSocket：%2</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="261"/>
        <source>%1 answered our close: %2</source>
        <translation>%1 回应了我们的关闭：%2</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="272"/>
        <source>TLS handshake with %1 timed out: it sent nothing within %2 s (does it speak TLS?)</source>
        <translation>与 %1 的 TLS 握手超时：它在 %2 秒内什么也没发送（它使用 TLS 吗？）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="274"/>
        <source>TLS handshakes timed out: %1 more clients sent nothing within %2 s (disconnected)</source>
        <translation>TLS 握手超时：又有 %1 个客户端在 %2 秒内什么也没发送（已断开）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="278"/>
        <source>%1 TLS handshakes from %2 were under way for %3 s: %4 was disconnected before its turn</source>
        <translation>来自 %2 的 %1 个 TLS 握手已进行了 %3 秒：%4 未轮到便被断开</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="280"/>
        <source>%1 TLS handshakes from %2 were under way for %3 s: %4 more connections were disconnected before their turn</source>
        <translation>来自 %2 的 %1 个 TLS 握手已进行了 %3 秒：又有 %4 个连接未轮到便被断开</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="284"/>
        <source>Too many TLS handshakes under way from %1 (%2, and %3 waiting their turn): %4 was disconnected</source>
        <translation>来自 %1 的进行中的 TLS 握手过多（%2 个，另有 %3 个在排队）：%4 已被断开</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="286"/>
        <source>Too many TLS handshakes under way from one address (%1, and %2 waiting their turn): %3 more connections were disconnected</source>
        <translation>来自同一地址的进行中的 TLS 握手过多（%1 个，另有 %2 个在排队）：又有 %3 个连接被断开</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="290"/>
        <source>Too many TLS handshakes under way (%1; the last %2 are kept for addresses that have none): %3 was disconnected</source>
        <translation>进行中的 TLS 握手过多（%1 个；最后 %2 个名额留给尚无握手的地址）：%3 已被断开</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="292"/>
        <source>Too many TLS handshakes under way (%1; the last %2 are kept for addresses that have none): %3 more connections were disconnected</source>
        <translation>进行中的 TLS 握手过多（%1 个；最后 %2 个名额留给尚无握手的地址）：又有 %3 个连接被断开</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="297"/>
        <source>Too many TLS handshakes under way (%1): %2 was disconnected</source>
        <translation>进行中的 TLS 握手过多（%1 个）：%2 已被断开</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="299"/>
        <source>Too many TLS handshakes under way (%1): %2 more connections were disconnected</source>
        <translation>进行中的 TLS 握手过多（%1 个）：又有 %2 个连接被断开</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="306"/>
        <source>The layout cannot be used</source>
        <extracomment>Error codes and their phrases, marked for lupdate; translated when shown.</extracomment>
        <translation>布局无法使用</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="307"/>
        <source>Address already in use</source>
        <translation>地址已被占用</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="308"/>
        <source>Address not available on this machine</source>
        <translation>本机没有该地址</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="309"/>
        <source>Permission denied</source>
        <translation>权限不足</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="310"/>
        <source>Host not found</source>
        <translation>找不到主机</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="311"/>
        <source>Connection refused</source>
        <translation>连接被拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="312"/>
        <source>Timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="313"/>
        <source>Network or host unreachable</source>
        <translation>网络或主机不可达</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="314"/>
        <source>Connection reset by peer</source>
        <translation>连接被对方重置</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="315"/>
        <source>Port unreachable</source>
        <translation>端口不可达</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="316"/>
        <source>Invalid hex</source>
        <translation>无效的十六进制</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="317"/>
        <source>Invalid escape sequence</source>
        <translation>无效的转义序列</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="318"/>
        <source>Datagram too large</source>
        <translation>数据报过大</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="319"/>
        <source>Character cannot be encoded</source>
        <translation>字符无法编码</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="320"/>
        <source>Client limit reached</source>
        <translation>已达客户端上限</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="321"/>
        <source>Not open</source>
        <translation>未打开</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="322"/>
        <source>No one to send to</source>
        <translation>没有发送对象</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="323"/>
        <source>Invalid address</source>
        <translation>无效的地址</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="324"/>
        <source>Network error</source>
        <translation>网络错误</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="325"/>
        <source>The input cannot be used</source>
        <translation>输入无法使用</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="326"/>
        <source>A file or setting cannot be used</source>
        <translation>文件或设置无法使用</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="327"/>
        <source>The other side failed</source>
        <translation>对方出错</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="328"/>
        <source>Unknown encoding</source>
        <translation>未知编码</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="329"/>
        <source>Unknown checksum</source>
        <translation>未知校验方式</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="330"/>
        <source>The checksum range is past the payload&apos;s end</source>
        <translation>校验范围超出了数据末尾</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="331"/>
        <source>File cannot be used</source>
        <translation>文件无法使用</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="332"/>
        <source>Not a session log</source>
        <translation>不是会话日志</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="333"/>
        <source>Peer is not reading</source>
        <translation>对方未读取数据</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="334"/>
        <source>One send is larger than the send queue may hold</source>
        <translation>单次发送超过发送队列的容量</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="335"/>
        <source>Pattern took too long</source>
        <translation>匹配耗时过长</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="336"/>
        <source>Invalid quick commands</source>
        <translation>快捷指令无效</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="337"/>
        <source>Nothing to send</source>
        <translation>没有要发送的内容</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="338"/>
        <source>Unknown macro</source>
        <translation>未知的宏</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="339"/>
        <source>The macros would make too much</source>
        <translation>宏展开后的数据过大</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="340"/>
        <source>TLS error</source>
        <translation>TLS 错误</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="341"/>
        <source>TLS settings cannot be used</source>
        <translation>TLS 设置无法使用</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="342"/>
        <source>Certificate verification failed</source>
        <translation>证书验证失败</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="343"/>
        <source>TLS handshake timed out</source>
        <translation>TLS 握手超时</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="344"/>
        <source>TLS protocol mismatch</source>
        <translation>TLS 协议不匹配</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="345"/>
        <source>The other side does not speak TLS</source>
        <translation>对方未使用 TLS</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="346"/>
        <source>Closed during the TLS handshake</source>
        <translation>TLS 握手期间连接被关闭</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="347"/>
        <source>WebSocket error</source>
        <translation>WebSocket 错误</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="348"/>
        <source>Not a WebSocket URL (ws:// or wss://)</source>
        <translation>不是 WebSocket 地址（ws:// 或 wss://）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="349"/>
        <source>WebSocket handshake failed</source>
        <translation>WebSocket 握手失败</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="350"/>
        <source>The peer broke the WebSocket protocol</source>
        <translation>对方违反了 WebSocket 协议</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="367"/>
        <source>Unexpected error: %1</source>
        <translation>意外错误：%1</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="373"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="374"/>
        <source>Opening…</source>
        <translation>正在打开…</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="376"/>
        <location filename="../../ui/texts.py" line="379"/>
        <source>Listening</source>
        <translation>正在监听</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="376"/>
        <location filename="../../ui/texts.py" line="379"/>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="377"/>
        <location filename="../../ui/texts.py" line="378"/>
        <source>Relaying</source>
        <translation>正在中继</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="377"/>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="380"/>
        <source>Bound</source>
        <translation>已绑定</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="385"/>
        <source>TCP Server</source>
        <translation>TCP 服务器</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="385"/>
        <source>TCP Client</source>
        <translation>TCP 客户端</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="386"/>
        <source>TCP Relay</source>
        <translation>TCP 中继</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="386"/>
        <source>TCP Clients</source>
        <translation>TCP 多连接</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="387"/>
        <source>UDP Relay</source>
        <translation>UDP 中继</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="388"/>
        <source>WebSocket Server</source>
        <translation>WebSocket 服务器</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="388"/>
        <source>WebSocket Client</source>
        <translation>WebSocket 客户端</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="389"/>
        <source>UDP</source>
        <translation>UDP</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="396"/>
        <source>%1: %2 cannot be used; %3 instead</source>
        <translation>%1：%2 无法使用，改用 %3</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="398"/>
        <source>%1: %2 is not a group of settings; the defaults instead</source>
        <translation>%1：%2 不是一组设置，改用默认值</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="400"/>
        <source>%1: not valid (%2); not read</source>
        <translation>%1：内容无效（%2），未读取</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="402"/>
        <source>%1: nested too deeply to be a setting; not read</source>
        <translation>%1：嵌套层次过深，未读取</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="404"/>
        <source>%1: %2 characters is too large for a setting; not read</source>
        <translation>%1：%2 个字符，作为设置项过大，未读取</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="406"/>
        <source>%1: %2 is not a session; left out</source>
        <translation>%1：%2 不是会话，已忽略</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="408"/>
        <source>The settings file %1 could not be read: it was moved to %2, and the defaults are used</source>
        <translation>无法读取设置文件 %1：已将其移为 %2，并使用默认值</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="410"/>
        <source>The settings file %1 cannot be read (%2): the defaults are used</source>
        <translation>无法读取设置文件 %1（%2）：使用默认值</translation>
    </message>
</context>
<context>
    <name>TlsControls</name>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="42"/>
        <source>TLS (SSL) encryption</source>
        <translation>TLS (SSL) 加密</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="43"/>
        <source>Records and counters hold the decrypted bytes; the handshake (version, cipher, certificate) is a line in the view</source>
        <translation>记录和计数均为解密后的字节；握手信息（版本、加密套件、证书）显示为视图中的一行</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="48"/>
        <source>Verify the server&apos;s certificate</source>
        <translation>验证服务器证书</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="49"/>
        <source>Require a valid client certificate</source>
        <translation>要求有效的客户端证书</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="50"/>
        <source>Make a self-signed certificate for this session</source>
        <translation>为本会话生成自签名证书</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="52"/>
        <source>Ask clients for a certificate</source>
        <translation>要求客户端提供证书</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="53"/>
        <source>CA certificates (PEM) to trust</source>
        <translation>信任的 CA 证书 (PEM)</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="54"/>
        <source>Certificate (PEM)</source>
        <translation>证书 (PEM)</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="55"/>
        <source>Private key (PEM)</source>
        <translation>私钥 (PEM)</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="58"/>
        <source>Server name (SNI)</source>
        <translation>服务器名称 (SNI)</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="59"/>
        <source>the host connected to</source>
        <translation>所连接的主机</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="60"/>
        <source>localhost</source>
        <translation>localhost</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="63"/>
        <source>ALPN protocols, comma-separated</source>
        <translation>ALPN 协议，逗号分隔</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="64"/>
        <source>e.g. h2, http/1.1</source>
        <translation>例如 h2, http/1.1</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="67"/>
        <location filename="../../ui/page/network/tls_controls.py" line="80"/>
        <source>CA file</source>
        <translation>CA 文件</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="68"/>
        <source>SNI name</source>
        <translation>SNI 名称</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="69"/>
        <location filename="../../ui/page/network/tls_controls.py" line="77"/>
        <source>ALPN</source>
        <translation>ALPN</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="70"/>
        <source>Client cert</source>
        <translation>客户端证书</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="71"/>
        <source>Client key</source>
        <translation>客户端私钥</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="74"/>
        <source>Certificate</source>
        <translation>证书</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="75"/>
        <source>Key</source>
        <translation>私钥</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="76"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="101"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="104"/>
        <source>Choose %1</source>
        <translation>选择%1</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/tls_controls.py" line="111"/>
        <source>PEM files (*.pem *.crt *.key *.cer);;All files (*)</source>
        <translation>PEM 文件 (*.pem *.crt *.key *.cer);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>UdpNetwork</name>
    <message>
        <location filename="../../ui/page/network/udp.py" line="41"/>
        <source>Allow broadcast</source>
        <translation>允许广播</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/udp.py" line="43"/>
        <source>Reply to last sender</source>
        <translation>回复最后的发送方</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/udp.py" line="45"/>
        <source>Receive buffer in KiB</source>
        <translation>接收缓冲区（KiB）</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/udp.py" line="45"/>
        <source> KiB</source>
        <translation> KiB</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/udp.py" line="46"/>
        <source>system default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/udp.py" line="47"/>
        <source>What the socket asks the kernel to hold while the window is busy</source>
        <translation>窗口繁忙时由内核代为缓存的数据量</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/udp.py" line="48"/>
        <source>Receive buffer</source>
        <translation>接收缓冲区</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/udp.py" line="49"/>
        <source>Sockets that send (each from its own port)</source>
        <translation>发送用的套接字数（各用自己的端口）</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/udp.py" line="51"/>
        <source>Load a UDP server as many clients would: every send goes out from each socket, and their replies are received here</source>
        <translation>像多个客户端一样给 UDP 服务器施加负载：每次发送都从每个套接字发出，它们收到的应答都在这里接收</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/udp.py" line="53"/>
        <source>Sources</source>
        <translation>来源数</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/udp.py" line="57"/>
        <location filename="../../ui/page/network/udp.py" line="58"/>
        <source>Multicast group</source>
        <translation>组播地址</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/udp.py" line="59"/>
        <source>Multicast interface</source>
        <translation>组播网卡</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/udp.py" line="61"/>
        <source>Interface</source>
        <translation>网卡</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/udp.py" line="63"/>
        <source>Join group</source>
        <translation>加入组</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/udp.py" line="65"/>
        <source>Leave group</source>
        <translation>离开组</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/udp.py" line="91"/>
        <source>Receive buffer: asked for %1 KiB, the kernel granted %2 KiB</source>
        <translation>接收缓冲区：申请 %1 KiB，内核给予 %2 KiB</translation>
    </message>
</context>
<context>
    <name>UdpRelayNetwork</name>
    <message>
        <location filename="../../ui/page/network/relay.py" line="142"/>
        <source>Close a source&apos;s mapping after this long without traffic</source>
        <translation>来源在这段时间内没有数据时关闭其映射</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/relay.py" line="143"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/relay.py" line="144"/>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/relay.py" line="145"/>
        <source>Idle expiry</source>
        <translation>空闲超时</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/relay.py" line="149"/>
        <source>Stop forwarding this way: datagrams are kept (up to 16,384 or 4 MiB for the relay, then more are dropped and counted) until you let them go or drop them</source>
        <translation>停止这个方向的转发：数据报先暂存（整个中继最多 16,384 个或 4 MiB，超出的丢弃并计数），直到放行或丢弃</translation>
    </message>
</context>
<context>
    <name>WsClientNetwork</name>
    <message>
        <location filename="../../ui/page/network/ws.py" line="107"/>
        <source>WebSocket URL</source>
        <translation>WebSocket 地址</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="111"/>
        <source>ws://HOST:PORT/PATH, or wss:// for WebSocket over TLS</source>
        <translation>ws://主机:端口/路径；wss:// 为基于 TLS 的 WebSocket</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="112"/>
        <source>URL</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="115"/>
        <source>Extra handshake headers</source>
        <translation>附加握手头</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="116"/>
        <source>Name: value, one a line</source>
        <translation>名称: 值，每行一个</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="119"/>
        <source>Headers</source>
        <translation>请求头</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="122"/>
        <source>Subprotocols offered</source>
        <translation>提供的子协议</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="123"/>
        <source>none; e.g. chat, json</source>
        <translation>无；例如 chat, json</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="124"/>
        <source>Subprotocols</source>
        <translation>子协议</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="127"/>
        <source>Origin header</source>
        <translation>Origin 请求头</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="128"/>
        <source>none; e.g. http://localhost</source>
        <translation>无；例如 http://localhost</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="129"/>
        <source>Origin</source>
        <translation>Origin</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="132"/>
        <source>TLS (wss://)</source>
        <translation>TLS (wss://)</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="133"/>
        <source>The URL decides: wss:// is WebSocket over TLS, ws:// is not</source>
        <translation>由地址决定：wss:// 使用 TLS，ws:// 不使用</translation>
    </message>
</context>
<context>
    <name>WsFrames</name>
    <message>
        <location filename="../../ui/page/network/ws.py" line="57"/>
        <source>Ping</source>
        <extracomment>Close codes a user may send (1000, and the ones RFC 6455 leaves to applications; 1001–1015 have meanings the protocol gives them, several must never be sent). A close frame&apos;s reason: at most 123 bytes of UTF-8.</extracomment>
        <translation>Ping</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="59"/>
        <source>Send a ping; the pong&apos;s round-trip time is a line in the view</source>
        <translation>发送 Ping；Pong 的往返时间显示为视图中的一行</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="60"/>
        <source>Close code</source>
        <translation>关闭代码</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="61"/>
        <source>1000: normal closure; 3000–4999: the application&apos;s own codes</source>
        <translation>1000：正常关闭；3000–4999：应用自定义代码</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="64"/>
        <source>Close reason</source>
        <translation>关闭原因</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="65"/>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="67"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="90"/>
        <source>WebSocket: hex goes as binary frames</source>
        <translation>WebSocket：HEX 以二进制帧发送</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="92"/>
        <source>WebSocket: text goes as binary frames in %1 (a text frame must be UTF-8)</source>
        <translation>WebSocket：文本以 %1 编码的二进制帧发送（文本帧必须是 UTF-8）</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="94"/>
        <source>WebSocket: text goes as text frames (UTF-8); hex as binary frames</source>
        <translation>WebSocket：文本以文本帧（UTF-8）发送；HEX 以二进制帧发送</translation>
    </message>
</context>
<context>
    <name>WsServerNetwork</name>
    <message>
        <location filename="../../ui/page/network/ws.py" line="232"/>
        <source>Path served</source>
        <translation>服务路径</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="233"/>
        <source>any path; e.g. /ws</source>
        <translation>任意路径；例如 /ws</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="234"/>
        <source>Clients must ask for this path (else 404); blank: any path</source>
        <translation>客户端必须请求此路径（否则 404）；留空：任意路径</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="237"/>
        <source>Subprotocols accepted</source>
        <translation>接受的子协议</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="238"/>
        <source>any client; e.g. chat, json</source>
        <translation>任意客户端；例如 chat, json</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="239"/>
        <source>When set, a client must offer one of these (else 400)</source>
        <translation>设置后，客户端必须提供其中之一（否则 400）</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="240"/>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="241"/>
        <source>Subprotocols</source>
        <translation>子协议</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="245"/>
        <source>Close client</source>
        <translation>关闭客户端</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="246"/>
        <source>Close the send target&apos;s client (or every client) with this code and reason</source>
        <translation>以此代码和原因关闭发送目标客户端（或所有客户端）</translation>
    </message>
    <message>
        <location filename="../../ui/page/network/ws.py" line="248"/>
        <source>Ping the send target&apos;s client (or every client); each pong&apos;s round-trip time is a line in the view</source>
        <translation>向发送目标客户端（或所有客户端）发送 Ping；每个 Pong 的往返时间显示为视图中的一行</translation>
    </message>
</context>
</TS>

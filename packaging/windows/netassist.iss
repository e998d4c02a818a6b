; Inno Setup script: the Windows installer around PyInstaller's one-folder bundle (dist\netassist).
; Built by .github/workflows/build.yml on windows-latest:  iscc /DAppVersion=0.1.0 packaging\windows\netassist.iss
; Gives dist\netassist-<version>-windows-x64-setup.exe: per-user or all-users install, a Start-menu entry
; (NetAssist / 网络调试助手), an optional desktop icon, netassist-cli beside the window, and an uninstaller
; (Settings ▸ Apps). Not built on this project's Linux CI: written, and checked only by that workflow.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6C3E2B8A-5D1F-4E4B-9C7A-2F0B9E6D4A11}
AppName=NetAssist
AppVerName=NetAssist {#AppVersion}
AppVersion={#AppVersion}
AppPublisher=NetAssist developers
DefaultDirName={autopf}\NetAssist
DefaultGroupName=NetAssist
DisableProgramGroupPage=yes
PrivilegesRequiredOverridesAllowed=dialog
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=netassist-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\resources\icons\netassist.ico
UninstallDisplayIcon={app}\netassist.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "zh_CN"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\netassist\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\NetAssist"; Filename: "{app}\netassist.exe"
Name: "{group}\{cm:UninstallProgram,NetAssist}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\NetAssist"; Filename: "{app}\netassist.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\netassist.exe"; Description: "{cm:LaunchProgram,NetAssist}"; Flags: nowait postinstall skipifsilent

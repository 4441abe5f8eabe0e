; Inno Setup 6.3+ script: a per-user installer for the rePlanner one-folder bundle.
; UNTESTED here (written on Linux; see installer/README.md). Build on Windows after the bundle:
;   pyinstaller --noconfirm --clean --distpath build\dist --workpath build\pyinstaller installer\replanner.spec
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" installer\windows\replanner.iss
; -> build\installer\replanner-<version>-windows-x64-setup.exe
;
; Per user, no administrator rights: installs into %LOCALAPPDATA%\Programs\rePlanner, adds a
; Start-menu entry for this user, registers an uninstaller (Settings > Apps). It associates no
; file types, touches no system settings and leaves the user's data (%LOCALAPPDATA%\rePlanner,
; the databases) in place on uninstall.

#define AppName "rePlanner"
#define AppExe "replanner.exe"
#define AppCliExe "replanner-cli.exe"
#define Root AddBackslash(SourcePath) + "..\.."
#define Dist Root + "\build\dist\replanner"
#if !FileExists(Dist + "\" + AppExe)
  #error Build the bundle first: build\dist\replanner\replanner.exe is missing
#endif
; The version comes from pyproject.toml through the spec, which stamps it on replanner.exe;
; ISCC /DAppVersion=x.y.z overrides it.
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(Dist + "\" + AppExe, "ProductVersion")
#endif
; VersionInfoVersion must be numeric (a.b.c.d): the exe's FileVersion numbers ("1.2.3rc1" -> 1.2.3.0)
#define AppNumericVersion GetVersionNumbersString(Dist + "\" + AppExe)
#if !FileExists(Dist + "\LICENSES\README.txt")
  #error build\dist\replanner\LICENSES\README.txt is missing: the spec writes it
#endif

[Setup]
; The AppId identifies the installation for upgrades and the uninstaller: never change it.
AppId={{2718D7BC-845A-46C1-811E-E79D9BBA4273}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
VersionInfoVersion={#AppNumericVersion}
VersionInfoProductVersion={#AppNumericVersion}
VersionInfoProductTextVersion={#AppVersion}
AppPublisher={#AppName}
AppComments=Rare-earth and critical-material supply risk for automotive sourcing
; per user: no UAC prompt, nothing outside the user's profile
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
; associates nothing, changes no environment variables
ChangesAssociations=no
ChangesEnvironment=no
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#Root}\build\installer
OutputBaseFilename=replanner-{#AppVersion}-windows-x64-setup
SetupIconFile={#Root}\build\icons\replanner.ico
; the third-party notices (Qt LGPL-3.0, Python, the libraries) shown before installing; the
; whole LICENSES folder is installed with the program
InfoBeforeFile={#Dist}\LICENSES\README.txt
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; the app must be closed to be replaced; Restart Manager asks the user
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "german"; MessagesFile: "compiler:Languages\German.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; an upgrade replaces the whole bundle: no stale libraries from the previous version
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Dist}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "Supply risk planner"
Name: "{group}\{#AppName} self-test"; Filename: "{cmd}"; Parameters: "/k ""{app}\{#AppCliExe}"" --self-test"; WorkingDir: "{app}"; Comment: "Check this installation"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [Registry] section: no file associations, no URL handlers, no autostart.

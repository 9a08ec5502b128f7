; Hearth's Windows installer. `scripts/windows.sh installer` compiles it with
;   makensis -DVERSION=x.y.z -DSOURCE_DIR=<repo> -DFILES_NSH=<list> -DUNFILES_NSH=<list> -DOUTFILE=<exe>
; where the two lists name every file of the deployed tree (cmake --install of the Windows build):
; the installer writes exactly those files and the uninstaller deletes exactly those files, so
; nothing else in the folder is touched.
;
; Per-user by default, without administrator rights: %LOCALAPPDATA%\Programs\Hearth, shortcuts,
; the "Apps & features" entry and the .gguf association under HKCU. All users: run it elevated
; with /AllUsers (Program Files, HKLM). /S installs silently; /D=<folder> chooses the folder.
; Upgrades install into the folder of the existing install after running its uninstaller, so
; files an older version had and this one does not are removed too. The user's library, chats
; and settings live in %APPDATA%\Hearth, which neither the installer nor the uninstaller touches.

Unicode true
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!include MUI2.nsh
!include FileFunc.nsh
!include LogicLib.nsh

!define APP_NAME "Hearth"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Hearth"
!define UNINSTALLER "Uninstall Hearth.exe"
!define PROG_ID "Hearth.gguf"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP_NAME} ${VERSION} setup"
VIAddVersionKey /LANG=0 "CompanyName" "${APP_NAME}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${APP_NAME}"

Var InstallMode  ; CurrentUser | AllUsers

!define MUI_ICON "${SOURCE_DIR}/installer/hearth.ico"
!define MUI_UNICON "${SOURCE_DIR}/installer/hearth.ico"
!define MUI_ABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\hearth.exe"
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString NotAdmin ${LANG_ENGLISH} "Installing for all users needs administrator rights. Run the installer as administrator, or without /AllUsers to install for yourself."
LangString NotAdmin ${LANG_SIMPCHINESE} "为所有用户安装需要管理员权限。请以管理员身份运行安装程序，或去掉 /AllUsers 只为自己安装。"
LangString GgufType ${LANG_ENGLISH} "GGUF model"
LangString GgufType ${LANG_SIMPCHINESE} "GGUF 模型"
LangString OldUninstallFailed ${LANG_ENGLISH} "The previous version of Hearth could not be removed. Close Hearth and try again."
LangString OldUninstallFailed ${LANG_SIMPCHINESE} "无法移除旧版 Hearth。请关闭 Hearth 后重试。"

; Per-user (HKCU, the user's own folders) or all users (HKLM, Program Files), from the command
; line; SHCTX and the shell folders follow SetShellVarContext.
!macro SELECT_INSTALL_MODE
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/AllUsers" $R1
  ${If} ${Errors}
    StrCpy $InstallMode CurrentUser
    SetShellVarContext current
  ${Else}
    UserInfo::GetAccountType
    Pop $R2
    ${If} $R2 != "Admin"
      MessageBox MB_OK|MB_ICONSTOP "$(NotAdmin)" /SD IDOK
      SetErrorLevel 740  ; ERROR_ELEVATION_REQUIRED
      Quit
    ${EndIf}
    StrCpy $InstallMode AllUsers
    SetShellVarContext all
  ${EndIf}
!macroend

Function .onInit
  !insertmacro SELECT_INSTALL_MODE
  ${If} $INSTDIR == ""  ; no /D=
    ReadRegStr $INSTDIR SHCTX "${UNINSTALL_KEY}" "InstallLocation"
  ${EndIf}
  ${If} $INSTDIR == ""
    ${If} $InstallMode == AllUsers
      StrCpy $INSTDIR "$PROGRAMFILES64\${APP_NAME}"
    ${Else}
      StrCpy $INSTDIR "$LOCALAPPDATA\Programs\${APP_NAME}"
    ${EndIf}
  ${EndIf}
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function un.onInit
  !insertmacro SELECT_INSTALL_MODE
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "Hearth" SecApp
  SectionIn RO

  ; An existing install in this folder: its own uninstaller removes its files first (it leaves
  ; the user's data alone). _?= runs it in place so ExecWait really waits for it.
  ${If} ${FileExists} "$INSTDIR\${UNINSTALLER}"
    ExecWait '"$INSTDIR\${UNINSTALLER}" /S /$InstallMode _?=$INSTDIR' $0
    ${If} $0 != 0
      MessageBox MB_OK|MB_ICONSTOP "$(OldUninstallFailed)" /SD IDOK
      Abort
    ${EndIf}
    Delete "$INSTDIR\${UNINSTALLER}"
  ${EndIf}

  SetOutPath "$INSTDIR"
  !include "${FILES_NSH}"
  SetOutPath "$INSTDIR"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\hearth.exe"
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\hearth.exe"

  ; "Apps & features"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "${APP_NAME}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\hearth.exe,0"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}" /$InstallMode'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S /$InstallMode'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "EstimatedSize" $0

  ; .gguf opens in Hearth's library (hearth.exe takes files as arguments, as if dropped).
  WriteRegStr SHCTX "Software\Classes\.gguf" "" "${PROG_ID}"
  WriteRegStr SHCTX "Software\Classes\.gguf\OpenWithProgids" "${PROG_ID}" ""
  WriteRegStr SHCTX "Software\Classes\${PROG_ID}" "" "$(GgufType)"
  WriteRegStr SHCTX "Software\Classes\${PROG_ID}\DefaultIcon" "" "$INSTDIR\hearth.exe,0"
  WriteRegStr SHCTX "Software\Classes\${PROG_ID}\shell\open\command" "" '"$INSTDIR\hearth.exe" "%1"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'  ; SHCNE_ASSOCCHANGED
SectionEnd

Section "Uninstall"
  !include "${UNFILES_NSH}"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"  ; only when empty: files the user put there stay

  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
  DeleteRegKey SHCTX "Software\Classes\${PROG_ID}"
  DeleteRegValue SHCTX "Software\Classes\.gguf\OpenWithProgids" "${PROG_ID}"
  ReadRegStr $0 SHCTX "Software\Classes\.gguf" ""
  ${If} $0 == "${PROG_ID}"
    DeleteRegValue SHCTX "Software\Classes\.gguf" ""
  ${EndIf}
  DeleteRegKey /ifempty SHCTX "Software\Classes\.gguf\OpenWithProgids"
  DeleteRegKey /ifempty SHCTX "Software\Classes\.gguf"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

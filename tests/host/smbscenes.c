/*
 * smbscenes.c - the SMB test client's scenarios (smbclient.c runs one).
 *
 *   session  LANMAN1.0 from the name query to the logoff: logons, trees,
 *            reads, writes, creates, searches, information, deletes,
 *            renames, directories, a retransmission, an echo
 *   core     the core dialect: its negotiate, a GUEST tree connect, reads
 *   reset    a write, the keyed reset, the old connection gone
 *   escape   what the test planted in the share (links out of it and
 *            within it) and "..": nothing reached, nothing changed
 *
 * Lines other than checks are for tests/test_smbserv.py, which compares
 * them with the host: "read PATH SIZE HASH" (FNV-1a, 64 bits, hex),
 * "search PATTERN ATTRIBUTES: NAMES", "info PATH ATTRIBUTES SIZE".
 */
#include <string.h>

#include "tests/host/smbsteps.h"

static const char *const ScpBoth[] = { SMB_DIALECT_CORE, SMB_DIALECT_LANMAN };

/* The patterns the session searches, and with which attributes. */
static const struct {
    const char *Pattern;
    USHORT Attributes;
} ScpPatterns[] = {
    { "\\MAILDATA\\*.*", SMB_ATTR_DIRECTORY },
    { "\\MAILDATA\\GLB\\*.*", 0 },
    { "\\MAILDATA\\GLB\\????????.???", 0 },
    { "\\MAILDATA\\GLB\\*.GLB", 0 },
    { "\\MAILDATA\\GLB\\C*.*", 0 },
    { "\\MAILDATA\\GLB\\?????.GLB", 0 },
    { "\\MAILDATA\\P1\\0000001?.P1Q", 0 },
    { "\\MAILDATA\\M*", SMB_ATTR_DIRECTORY },
    { "\\*.*", SMB_ATTR_DIRECTORY },
};

static void ScpFindAndLogon(SC_RUN *Run, const char *Account, const char *Password)
{
    SMB_REPLY Reply;

    ScCheck(Run, ScFindServer(&Run->Client, "NTSERVER") == 0,
            "NMPI name query finds NTSERVER<20>");
    ScCheck(Run, NT_SUCCESS(ScNegotiate(Run, ScpBoth, 2, &Reply)) &&
                     Reply.u.Negotiate.LanMan && Reply.u.Negotiate.DialectIndex == 1 &&
                     Reply.u.Negotiate.SecurityMode == SMB_SECURITY_USER &&
                     Reply.Header.Sid != 0 && Reply.u.Negotiate.SessionKey == Reply.Header.Key,
            "negotiate picks LANMAN1.0, user-level, plain-text passwords");
    ScCheck(Run, ScLogon(Run, Account, Password) == STATUS_SUCCESS, "session setup");
    ScCheck(Run, ScConnect(Run, "\\\\NTSERVER\\MAIL") == STATUS_SUCCESS,
            "tree connect \\\\NTSERVER\\MAIL");
}

static void ScpLogons(SC_RUN *Run)
{
    SMB_REPLY Reply;

    ScCheck(Run, ScFindServer(&Run->Client, "NTSERVER") == 0,
            "NMPI name query finds NTSERVER<20>");
    ScCheck(Run, ScFindServer(&Run->Client, "NOBODY") != 0, "no answer for NOBODY<20>");
    ScCheck(Run, NT_SUCCESS(ScNegotiate(Run, ScpBoth, 2, &Reply)) &&
                     Reply.u.Negotiate.LanMan && Reply.u.Negotiate.DialectIndex == 1 &&
                     Reply.u.Negotiate.SecurityMode == SMB_SECURITY_USER &&
                     Reply.u.Negotiate.KeyLength == 0,
            "negotiate picks LANMAN1.0, user-level, plain-text passwords");
    ScCheck(Run, ScConnect(Run, "\\\\NTSERVER\\MAIL") == STATUS_USER_SESSION_DELETED,
            "tree connect before a logon: ERRSRV/ERRbaduid");
    ScCheck(Run, ScLogon(Run, "SUPERVISOR", "WRONG") == STATUS_WRONG_PASSWORD,
            "a wrong password: ERRSRV/ERRbadpw");
    ScCheck(Run, ScLogon(Run, "NOBODY", "") == STATUS_WRONG_PASSWORD,
            "an unknown account: ERRSRV/ERRbadpw as well");
    ScCheck(Run, ScLogon(Run, "mmta", "mailagent") == STATUS_SUCCESS && Run->Client.Uid != 0,
            "MMTA logs on, password in any case");
    ScCheck(Run, ScConnect(Run, "\\\\NTSERVER\\NOSUCH") == STATUS_BAD_NETWORK_NAME,
            "an unknown share: ERRSRV/ERRinvnetname");
    ScCheck(Run, ScConnect(Run, "\\\\NTSERVER\\MAIL") == STATUS_SUCCESS && Run->Client.Tid,
            "tree connect \\\\NTSERVER\\MAIL");
}

static void ScpReadFile(SC_RUN *Run, const char *Path, USHORT Chunk)
{
    unsigned long long Hash;
    USHORT Fid = 0;
    ULONG Size;

    if (ScNamed(Run, SMB_COM_OPEN, Path, SMB_ACCESS_READ, &Fid) != STATUS_SUCCESS ||
        ScReadAll(Run, Fid, Chunk, &Hash, &Size) != STATUS_SUCCESS) {
        ScCheck(Run, 0, "open and read a fixture");
        return;
    }
    printf("read %s %lu %016llx\n", Path, (unsigned long)Size, Hash);
    ScCheck(Run, ScCloseFile(Run, Fid) == STATUS_SUCCESS, "close");
}

/* 3000 bytes of a pattern in three writes, then cut to 2500. */
static void ScpWrites(SC_RUN *Run)
{
    UCHAR Data[1000];
    USHORT Fid = 0, Other = 0;
    ULONG Index, Byte;
    int Good = 1;

    ScCheck(Run, ScNamed(Run, SMB_COM_CREATE_NEW, "\\MAILDATA\\NEW.TXT", 0, &Fid) ==
                     STATUS_SUCCESS, "create new \\MAILDATA\\NEW.TXT");
    for (Index = 0; Index < 3000 && Good; Index += sizeof(Data)) {
        for (Byte = 0; Byte < sizeof(Data); Byte++)
            Data[Byte] = (UCHAR)((Index + Byte) % 251);
        Good = ScWrite(Run, Fid, Index, Data, sizeof(Data)) == STATUS_SUCCESS;
    }
    ScCheck(Run, Good, "three writes of 1000 bytes");
    ScCheck(Run, ScWrite(Run, Fid, 2500, NULL, 0) == STATUS_SUCCESS,
            "a write of 0 bytes sets the end at 2500");
    ScCheck(Run, ScCloseFile(Run, Fid) == STATUS_SUCCESS, "close");
    ScCheck(Run, ScCloseFile(Run, Fid) == STATUS_INVALID_HANDLE, "close again: ERRDOS/ERRbadfid");
    ScCheck(Run, ScNamed(Run, SMB_COM_CREATE_NEW, "\\MAILDATA\\NEW.TXT", 0, NULL) ==
                     STATUS_OBJECT_NAME_COLLISION, "create new on it: ERRDOS/ERRfilexists");
    ScCheck(Run, ScNamed(Run, SMB_COM_OPEN, "\\MAILDATA\\NOSUCH.TXT", 0, NULL) ==
                     STATUS_OBJECT_NAME_NOT_FOUND, "open a missing file: ERRDOS/ERRbadfile");
    ScCheck(Run, ScNamed(Run, SMB_COM_OPEN, "\\NOSUCH\\A.TXT", 0, NULL) ==
                     STATUS_OBJECT_PATH_NOT_FOUND, "open in a missing folder: ERRDOS/ERRbadpath");
    ScCheck(Run, ScNamed(Run, SMB_COM_OPEN, "\\MAILDATA\\NEW.TXT", SMB_ACCESS_READ, &Other) ==
                     STATUS_SUCCESS &&
                     ScWrite(Run, Other, 0, Data, 10) == STATUS_ACCESS_DENIED &&
                     ScCloseFile(Run, Other) == STATUS_SUCCESS,
            "a write through a read-only open: ERRDOS/ERRnoaccess");
    ScCheck(Run, ScNamed(Run, SMB_COM_CREATE, "\\MAILDATA\\EMPTY.TXT", 0, &Other) ==
                     STATUS_SUCCESS && ScWrite(Run, Other, 0, Data, 10) == STATUS_SUCCESS &&
                     ScCloseFile(Run, Other) == STATUS_SUCCESS &&
                     ScNamed(Run, SMB_COM_CREATE, "\\MAILDATA\\EMPTY.TXT", 0, &Other) ==
                     STATUS_SUCCESS && ScCloseFile(Run, Other) == STATUS_SUCCESS,
            "create truncates an existing file");
}

static void ScpSearches(SC_RUN *Run)
{
    char Found[4096];
    ULONG Index;

    for (Index = 0; Index < ARRAYSIZE(ScpPatterns); Index++) {
        /* Two entries a call, so that every search resumes. */
        if (ScList(Run, ScpPatterns[Index].Pattern, ScpPatterns[Index].Attributes, 2, Found,
                   sizeof(Found)) != STATUS_SUCCESS)
            ScCheck(Run, 0, ScpPatterns[Index].Pattern);
        printf("search %s %u: %s\n", ScpPatterns[Index].Pattern,
               ScpPatterns[Index].Attributes, Found);
    }
    ScCheck(Run, ScList(Run, "\\NOSUCH\\*.*", 0, 10, Found, sizeof(Found)) ==
                     STATUS_OBJECT_PATH_NOT_FOUND, "search a missing folder: ERRDOS/ERRbadpath");
    ScCheck(Run, ScList(Run, "\\MAILDATA\\*.ZZZ", 0, 10, Found, sizeof(Found)) ==
                     STATUS_SUCCESS && Found[0] == '\0', "search that finds nothing");
    ScCheck(Run, ScList(Run, "\\*.*", SMB_ATTR_VOLUME, 10, Found, sizeof(Found)) ==
                     STATUS_SUCCESS && strcmp(Found, "MAIL") == 0,
            "the volume label is the share's name");
}

static void ScpInformation(SC_RUN *Run)
{
    static const char *const Paths[] = { "\\MAILDATA\\NEW.TXT", "\\MAILDATA", "\\" };
    SMB_REQUEST Request;
    SMB_REPLY Reply;
    ULONG Index;

    for (Index = 0; Index < ARRAYSIZE(Paths); Index++) {
        Request = ScMake(SMB_COM_QUERY_INFORMATION);
        strcpy(Request.u.Path.Name, Paths[Index]);
        if (ScDo(Run, &Request, &Reply) == STATUS_SUCCESS)
            printf("info %s 0x%02x %lu\n", Paths[Index],
                   Reply.u.QueryInformation.FileAttributes,
                   (unsigned long)Reply.u.QueryInformation.FileSize);
    }
    Request = ScMake(SMB_COM_SET_INFORMATION);
    Request.u.SetInformation.FileAttributes = SMB_ATTR_ARCHIVE;
    Request.u.SetInformation.LastWriteTime = 800000000;
    strcpy(Request.u.SetInformation.Name, "\\MAILDATA\\NEW.TXT");
    ScCheck(Run, ScDo(Run, &Request, &Reply) == STATUS_SUCCESS,
            "set information: last write 800000000");
    strcpy(Request.u.SetInformation.Name, "\\MAILDATA\\NOSUCH.TXT");
    ScCheck(Run, ScDo(Run, &Request, &Reply) == STATUS_OBJECT_NAME_NOT_FOUND,
            "set information of a missing file: ERRDOS/ERRbadfile");
}

static void ScpDirectories(SC_RUN *Run)
{
    USHORT Fid;

    ScCheck(Run, ScNamed(Run, SMB_COM_CREATE_DIRECTORY, "\\WORK", 0, NULL) == STATUS_SUCCESS,
            "create directory \\WORK");
    ScCheck(Run, ScNamed(Run, SMB_COM_CREATE_DIRECTORY, "\\WORK", 0, NULL) ==
                     STATUS_OBJECT_NAME_COLLISION, "again: ERRDOS/ERRfilexists");
    ScCheck(Run, ScNamed(Run, SMB_COM_CHECK_DIRECTORY, "\\WORK", 0, NULL) == STATUS_SUCCESS &&
                     ScNamed(Run, SMB_COM_CHECK_DIRECTORY, "\\MAILDATA\\NEW.TXT", 0, NULL) ==
                     STATUS_OBJECT_PATH_NOT_FOUND,
            "check directory: \\WORK is one, a file is not");
    ScCheck(Run, ScNamed(Run, SMB_COM_CREATE_NEW, "\\WORK\\A.TXT", 0, &Fid) == STATUS_SUCCESS &&
                     ScCloseFile(Run, Fid) == STATUS_SUCCESS, "a file in it");
    ScCheck(Run, ScNamed(Run, SMB_COM_DELETE_DIRECTORY, "\\WORK", 0, NULL) ==
                     STATUS_DIRECTORY_NOT_EMPTY, "delete it: not empty");
    ScCheck(Run, ScNamed(Run, SMB_COM_DELETE, "\\WORK\\A.TXT", 0, NULL) == STATUS_SUCCESS &&
                     ScNamed(Run, SMB_COM_DELETE_DIRECTORY, "\\WORK", 0, NULL) ==
                     STATUS_SUCCESS, "delete the file, then the directory");
    ScCheck(Run, ScNamed(Run, SMB_COM_DELETE_DIRECTORY, "\\", 0, NULL) == STATUS_ACCESS_DENIED,
            "delete the share's root: ERRDOS/ERRnoaccess");
    ScCheck(Run, ScNamed(Run, SMB_COM_CREATE_DIRECTORY, "\\NOSUCH\\X", 0, NULL) ==
                     STATUS_OBJECT_PATH_NOT_FOUND, "create in a missing folder: ERRbadpath");
}

static void ScpDeletesAndRenames(SC_RUN *Run)
{
    SMB_REQUEST Request = ScMake(SMB_COM_RENAME);
    SMB_REPLY Reply;
    USHORT Fid;

    ScCheck(Run, ScNamed(Run, SMB_COM_DELETE, "\\MAILDATA\\LOG\\*.LOG", 0, NULL) ==
                     STATUS_SUCCESS, "delete \\MAILDATA\\LOG\\*.LOG");
    ScCheck(Run, ScNamed(Run, SMB_COM_DELETE, "\\MAILDATA\\LOG\\*.LOG", 0, NULL) ==
                     STATUS_OBJECT_NAME_NOT_FOUND, "again: nothing matches");
    strcpy(Request.u.Rename.Name, "\\MAILDATA\\NEW.TXT");
    strcpy(Request.u.Rename.NewName, "\\MAILDATA\\LOG\\RENAMED.TXT");
    ScCheck(Run, ScDo(Run, &Request, &Reply) == STATUS_SUCCESS,
            "rename NEW.TXT into LOG as RENAMED.TXT");
    strcpy(Request.u.Rename.Name, "\\MAILDATA\\EMPTY.TXT");
    ScCheck(Run, ScDo(Run, &Request, &Reply) == STATUS_OBJECT_NAME_COLLISION,
            "rename onto an existing name: ERRDOS/ERRfilexists");
    strcpy(Request.u.Rename.Name, "\\MAILDATA\\NOSUCH.TXT");
    ScCheck(Run, ScDo(Run, &Request, &Reply) == STATUS_OBJECT_NAME_NOT_FOUND,
            "rename a missing file: ERRDOS/ERRbadfile");
    ScCheck(Run, ScNamed(Run, SMB_COM_OPEN, "\\MAILDATA\\EMPTY.TXT", 0, &Fid) ==
                     STATUS_SUCCESS, "open EMPTY.TXT (kept open)");
}

/* The same request bytes twice: the same reply bytes, one execution. */
static void ScpRetransmission(SC_RUN *Run)
{
    UCHAR First[ETH_MAX_FRAME];
    ULONG Length;
    USHORT Fid = 0;

    ScCheck(Run, ScNamed(Run, SMB_COM_CREATE_NEW, "\\MAILDATA\\DUP.TXT", 0, &Fid) ==
                     STATUS_SUCCESS, "create new \\MAILDATA\\DUP.TXT");
    memcpy(First, Run->Client.Reply, Run->Client.ReplyLength);
    Length = Run->Client.ReplyLength;
    ScCheck(Run, NT_SUCCESS(ScRetransmit(&Run->Client)) && Run->Client.ReplyLength == Length &&
                     memcmp(First, Run->Client.Reply, Length) == 0,
            "its retransmission gets the cached reply, not ERRfilexists");
    ScCheck(Run, ScCloseFile(Run, Fid) == STATUS_SUCCESS, "the one handle closes");
}

static void ScpEcho(SC_RUN *Run)
{
    static const UCHAR Data[] = "are you there";
    SMB_REQUEST Request = ScMake(SMB_COM_ECHO);
    SMB_REPLY Reply;

    Request.u.Echo.EchoCount = 1;
    Request.u.Echo.DataLength = sizeof(Data);
    Request.u.Echo.Data = Data;
    ScCheck(Run, ScDo(Run, &Request, &Reply) == STATUS_SUCCESS &&
                     Reply.u.Echo.DataLength == sizeof(Data) &&
                     memcmp(Reply.u.Echo.Data, Data, sizeof(Data)) == 0 &&
                     Reply.Header.SequenceNumber == 0,
            "echo, unsequenced, comes back");
}

static void ScpEnd(SC_RUN *Run)
{
    SMB_REQUEST Request = ScMake(SMB_COM_QUERY_INFORMATION_DISK);
    SMB_REPLY Reply;

    ScCheck(Run, ScDo(Run, &Request, &Reply) == STATUS_SUCCESS &&
                     Reply.u.QueryDisk.BlockSize == 512, "disk information");
    Request = ScMake(SMB_COM_TREE_DISCONNECT);
    ScCheck(Run, ScDo(Run, &Request, &Reply) == STATUS_SUCCESS, "tree disconnect");
    Request = ScMake(SMB_COM_QUERY_INFORMATION_DISK);
    ScCheck(Run, ScDo(Run, &Request, &Reply) == STATUS_NETWORK_NAME_DELETED,
            "after it: ERRSRV/ERRinvnid");
    Request = ScMake(SMB_COM_LOGOFF_ANDX);
    Request.u.Logoff.AndX.Command = SMB_NO_ANDX;
    ScCheck(Run, ScDo(Run, &Request, &Reply) == STATUS_SUCCESS, "logoff");
    ScCheck(Run, ScConnect(Run, "\\\\NTSERVER\\MAIL") == STATUS_USER_SESSION_DELETED,
            "after it: ERRSRV/ERRbaduid");
}

void ScSessionScenario(SC_RUN *Run)
{
    ScpLogons(Run);
    ScpReadFile(Run, "\\MAILDATA\\GLB\\CONTROL.GLB", 100);
    ScpReadFile(Run, "\\MAILDATA\\MAI\\00000001.MAI", 1400);
    ScpWrites(Run);
    ScpReadFile(Run, "\\MAILDATA\\NEW.TXT", 700);
    ScpSearches(Run);
    ScpInformation(Run);
    ScpDirectories(Run);
    ScpDeletesAndRenames(Run);
    ScpRetransmission(Run);
    ScpEcho(Run);
    ScpEnd(Run);
}

void ScCoreScenario(SC_RUN *Run)
{
    static const char *const Core[] = { "XENIX CORE", SMB_DIALECT_CORE };
    static const char *const Unknown[] = { "XENIX CORE" };
    SMB_REQUEST Request = ScMake(SMB_COM_TREE_CONNECT);
    SMB_REPLY Reply;

    ScCheck(Run, ScFindServer(&Run->Client, "NTSERVER") == 0, "NMPI name query");
    ScCheck(Run, NT_SUCCESS(ScNegotiate(Run, Unknown, 1, &Reply)) && !Reply.u.Negotiate.LanMan &&
                     Reply.u.Negotiate.DialectIndex == SMB_NO_DIALECT,
            "negotiate offering nothing known: index 0xFFFF");
    ScCheck(Run, NT_SUCCESS(ScNegotiate(Run, Core, 2, &Reply)) && !Reply.u.Negotiate.LanMan &&
                     Reply.u.Negotiate.DialectIndex == 1,
            "negotiate offering the core dialect picks it");
    ScCheck(Run, ScLogon(Run, "SUPERVISOR", "SECRET") == STATUS_NOT_IMPLEMENTED,
            "session setup is LANMAN1.0's: ERRSRV/ERRsmbcmd");
    strcpy(Request.u.TreeConnect.Path, "\\\\NTSERVER\\MAIL");
    strcpy((PCHAR)Request.u.TreeConnect.Password, "SECRET");
    strcpy(Request.u.TreeConnect.Service, "A:");
    ScCheck(Run, ScDo(Run, &Request, &Reply) == STATUS_WRONG_PASSWORD,
            "core tree connect with GUEST's wrong password: ERRSRV/ERRbadpw");
    Request = ScMake(SMB_COM_TREE_CONNECT);
    strcpy(Request.u.TreeConnect.Path, "\\\\NTSERVER\\MAIL");
    strcpy(Request.u.TreeConnect.Service, "A:");
    ScCheck(Run, ScDo(Run, &Request, &Reply) == STATUS_SUCCESS &&
                     Reply.u.TreeConnect.MaxBufferSize == SMB_MAX_MESSAGE,
            "core tree connect as GUEST");
    Run->Client.Tid = Reply.u.TreeConnect.Tid;
    ScpReadFile(Run, "\\MAILDATA\\GLB\\CONTROL.GLB", 512);
}

void ScResetScenario(SC_RUN *Run)
{
    USHORT Fid;

    ScpFindAndLogon(Run, "SUPERVISOR", "SECRET");
    ScCheck(Run, ScNamed(Run, SMB_COM_CREATE_NEW, "\\GONE.TXT", 0, &Fid) == STATUS_SUCCESS &&
                     ScWrite(Run, Fid, 0, (const UCHAR *)"x", 1) == STATUS_SUCCESS,
            "a file written before the reset");
    ScCheck(Run, ScNamed(Run, SMB_COM_DELETE, "\\MAILDATA\\GLB\\*.*", 0, NULL) == STATUS_SUCCESS,
            "the GLB files deleted");
    ScCheck(Run, ScControlReset(&Run->Client, 7) == STATUS_SUCCESS, "keyed reset, epoch 7");
    ScCheck(Run, ScNamed(Run, SMB_COM_CHECK_DIRECTORY, "\\", 0, NULL) ==
                     STATUS_USER_SESSION_DELETED, "the old connection: ERRSRV/ERRbaduid");
    ScpFindAndLogon(Run, "GUEST", "");
    ScpReadFile(Run, "\\MAILDATA\\GLB\\CONTROL.GLB", 512);
}

/* What test_smbserv.py plants: LINK -> a folder outside, MAILDATA\OUT.TXT
   -> a file outside, MAILDATA\IN -> MAILDATA\GLB (a link that stays in). */
void ScEscapeScenario(SC_RUN *Run)
{
    static const char *const Opens[] = {
        "\\LINK\\SECRET.TXT", "\\MAILDATA\\OUT.TXT", "\\..\\SECRET.TXT",
        "\\MAILDATA\\..\\..\\SECRET.TXT", "\\MAILDATA\\IN\\CONTROL.GLB", "\\LINK",
    };
    SMB_REQUEST Request;
    SMB_REPLY Reply;
    char Found[1024], What[128];
    ULONG Index;

    ScpFindAndLogon(Run, "SUPERVISOR", "SECRET");
    for (Index = 0; Index < ARRAYSIZE(Opens); Index++) {
        snprintf(What, sizeof(What), "open %s: refused", Opens[Index]);
        ScCheck(Run, !NT_SUCCESS(ScNamed(Run, SMB_COM_OPEN, Opens[Index], SMB_ACCESS_READ_WRITE,
                                         NULL)), What);
    }
    ScCheck(Run, !NT_SUCCESS(ScList(Run, "\\LINK\\*.*", 0, 10, Found, sizeof(Found))),
            "search through LINK: refused");
    ScCheck(Run, ScList(Run, "\\*.*", SMB_ATTR_DIRECTORY, 10, Found, sizeof(Found)) ==
                     STATUS_SUCCESS && strcmp(Found, "MAILDATA") == 0,
            "the root lists MAILDATA and no link");
    ScCheck(Run, ScNamed(Run, SMB_COM_DELETE, "\\MAILDATA\\OUT.TXT", 0, NULL) ==
                     STATUS_OBJECT_NAME_NOT_FOUND, "delete the file link: not a file");
    ScCheck(Run, !NT_SUCCESS(ScNamed(Run, SMB_COM_CREATE, "\\LINK\\NEW.TXT", 0, NULL)),
            "create through LINK: refused");
    ScCheck(Run, !NT_SUCCESS(ScNamed(Run, SMB_COM_CREATE_DIRECTORY, "\\LINK\\D", 0, NULL)),
            "create a directory through LINK: refused");
    Request = ScMake(SMB_COM_RENAME);
    strcpy(Request.u.Rename.Name, "\\MAILDATA\\GLB\\CONTROL.GLB");
    strcpy(Request.u.Rename.NewName, "\\LINK\\STOLEN.GLB");
    ScCheck(Run, !NT_SUCCESS(ScDo(Run, &Request, &Reply)), "rename into LINK: refused");
    Request = ScMake(SMB_COM_SET_INFORMATION);
    Request.u.SetInformation.LastWriteTime = 800000000;
    strcpy(Request.u.SetInformation.Name, "\\MAILDATA\\OUT.TXT");
    ScCheck(Run, !NT_SUCCESS(ScDo(Run, &Request, &Reply)), "set the file link's time: refused");
}

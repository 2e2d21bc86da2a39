/*
 * test_smb.c - the SMB client on the real (emulated) wire, with smbserv
 * beside QEMU as NTSERVER (run.sh SMBSERV=on; tests/test_smb.py).
 *
 *   test=smb   NTSERVER found by its name (and a name nobody holds, under
 *              rr: under pct a silence is a broken peer), NEGOTIATE
 *              (LANMAN1.0 chosen, plain-text user-level security), a
 *              socket nobody serves (silence: a bounded time-out, rr only),
 *              smbserv's control reset with the key run.sh gave (smbkey=;
 *              the connection it ended refused, a new one made),
 *              session setups (a wrong password, an unknown account, GUEST,
 *              SUPERVISOR), tree connects (MAIL, and a share the server
 *              has not), a fixture read (its FNV-1a hash printed for the
 *              host to compare), a file written (the host reads it),
 *              searches with wildcards over several SEARCH requests (the
 *              host compares the listings), query and set information, the
 *              disk, renames, deletes and directories, then tree
 *              disconnect and logoff, each followed by what the server
 *              answers a request that still uses them; the client's
 *              counters last (retransmissions under smbserv --drop-every)
 *
 * The cases share one connection and one tree, made by the first cases;
 * smb_logoff frees it, so that the leak audit finds nothing of the client.
 */
#include <stdio.h>
#include <string.h>
#include "ke/ke.h"
#include "drivers/lanman/smbclient.h"
#include "drivers/nwrdr/ncpclient.h"
#include "tests/guest/gtest.h"

#define GT_SMB_SERVER       "NTSERVER"
#define GT_SMB_SHARE        "\\\\NTSERVER\\MAIL"
#define GT_SMB_FIXTURE      "\\MAILDATA\\GLB\\CONTROL.GLB"
#define GT_SMB_WRITTEN      "\\SMBTEST.DAT"
#define GT_SMB_WRITE_SIZE   3000
#define GT_SMB_FINAL_SIZE   2500
#define GT_SMB_TIME         820497600u      /* 1996-01-01 12:00 UTC */

static struct {
    IPX_ADDRESS Server;
    BOOLEAN Found;
    PSMB_CONNECTION Connection;
    USHORT Tid;
    BOOLEAN Connected;              /* the tree */
} GtSmb;

static UCHAR GtSmbBuffer[GT_SMB_WRITE_SIZE];

static ULONG GtSmbFnv(ULONG Hash, const UCHAR *Data, ULONG Length)
{
    while (Length--) {
        Hash ^= *Data++;
        Hash *= 16777619u;
    }
    return Hash;
}

/* FALSE (a failed check) when an earlier case left no tree to work in. */
static BOOLEAN GtSmbReady(VOID)
{
    GT_CHECK(GtSmb.Connection != NULL && GtSmb.Connected);
    return GtSmb.Connection != NULL && GtSmb.Connected;
}

static VOID GtSmbFindServer(VOID)
{
    IPX_ADDRESS other;
    const UCHAR *n;

    GT_CHECK(SmbFindServer(GT_SMB_SERVER, &GtSmb.Server) == STATUS_SUCCESS);
    GtSmb.Found = GtSmb.Server.Socket == SMB_SOCKET_SERVER;
    GT_CHECK(GtSmb.Found);
    n = GtSmb.Server.Node;
    printf("# smb: %s at %08lx:%02x%02x%02x%02x%02x%02x socket %04x\n", GT_SMB_SERVER,
           (unsigned long)GtSmb.Server.Network, n[0], n[1], n[2], n[3], n[4], n[5],
           GtSmb.Server.Socket);
    GT_CHECK(SmbFindServer("A-NAME-TOO-LONG-X", &other) == STATUS_INVALID_PARAMETER);
    if (KeBootArgs.Sched == SCHED_POLICY_PCT)
        return;                     /* nobody answers: pct calls that a broken peer */
    GT_CHECK(SmbFindServer("NOSUCHSERVER", &other) == STATUS_BAD_NETWORK_PATH);
}

static VOID GtSmbNegotiate(VOID)
{
    SMB_SERVER_INFO info;

    if (!GtSmb.Found || SmbConnect(&GtSmb.Server, &GtSmb.Connection) != STATUS_SUCCESS) {
        GT_CHECK(FALSE);
        GtSmb.Connection = NULL;
        return;
    }
    SmbQueryServer(GtSmb.Connection, &info);
    GT_CHECK(strcmp(info.Dialect, SMB_DIALECT_LANMAN) == 0);
    GT_CHECK(info.SecurityMode == SMB_SECURITY_USER);
    GT_CHECK(info.MaxBufferSize >= 1024);
    printf("# smb: dialect %s, security mode %u, max buffer %u\n", info.Dialect,
           info.SecurityMode, info.MaxBufferSize);
}

/* NEGOTIATE to a socket of the server's node that nobody serves: every
   retransmission unanswered, then the time-out, within its bound. */
static VOID GtSmbSilentServer(VOID)
{
    IPX_ADDRESS nobody = GtSmb.Server;
    PSMB_CONNECTION c;
    ULONG64 start;

    if (KeBootArgs.Sched == SCHED_POLICY_PCT) {
        GtSkip("under pct a silent peer is a broken one");
        return;
    }
    nobody.Socket = 0x0553;
    start = KeQueryRealTime();
    GT_CHECK(SmbConnect(&nobody, &c) == STATUS_BAD_NETWORK_PATH);
    GT_CHECK(KeQueryRealTime() - start < 2 * SMB_MAX_TRIES * SMB_RETRY_MS);
}

static UCHAR GtSmbHexDigit(CHAR c)
{
    return (UCHAR)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
}

/* The reset ends every connection on the server: the old one is refused
   (its Sid and Key unknown), a new NEGOTIATE makes another. */
static VOID GtSmbReset(VOID)
{
    UCHAR key[NCP_CONTROL_KEY_LENGTH];
    ULONG i;

    if (strlen(KeBootArgs.SmbKey) != 2 * NCP_CONTROL_KEY_LENGTH) {
        GtSkip("no smbkey= on the boot line");
        return;
    }
    for (i = 0; i < NCP_CONTROL_KEY_LENGTH; i++)
        key[i] = (UCHAR)(GtSmbHexDigit(KeBootArgs.SmbKey[2 * i]) << 4 |
                         GtSmbHexDigit(KeBootArgs.SmbKey[2 * i + 1]));
    if (GtSmb.Connection == NULL) {
        GT_CHECK(FALSE);
        return;
    }
    GT_CHECK(NcpResetServer(&GtSmb.Server, 1, key) == STATUS_SUCCESS);
    GT_CHECK(SmbSessionSetup(GtSmb.Connection, "GUEST", "", NULL) ==
             STATUS_USER_SESSION_DELETED);
    SmbDisconnect(GtSmb.Connection);
    if (SmbConnect(&GtSmb.Server, &GtSmb.Connection) != STATUS_SUCCESS) {
        GT_CHECK(FALSE);
        GtSmb.Connection = NULL;
    }
}

static VOID GtSmbSessionSetup(VOID)
{
    PSMB_CONNECTION c = GtSmb.Connection;
    BOOLEAN guest = FALSE;
    USHORT tid;

    if (c == NULL) {
        GT_CHECK(FALSE);
        return;
    }
    GT_CHECK(SmbTreeConnect(c, GT_SMB_SHARE, &tid) == STATUS_USER_SESSION_DELETED);
    GT_CHECK(SmbSessionSetup(c, "SUPERVISOR", "WRONG", NULL) == STATUS_WRONG_PASSWORD);
    GT_CHECK(SmbSessionSetup(c, "NOBODY", "X", NULL) == STATUS_WRONG_PASSWORD);
    GT_CHECK(SmbSessionSetup(c, "GUEST", "", &guest) == STATUS_SUCCESS && guest);
    GT_CHECK(SmbSessionSetup(c, "SUPERVISOR", "secret", &guest) == STATUS_SUCCESS && !guest);
}

static VOID GtSmbTreeConnect(VOID)
{
    PSMB_CONNECTION c = GtSmb.Connection;
    USHORT tid;

    if (c == NULL) {
        GT_CHECK(FALSE);
        return;
    }
    GT_CHECK(SmbTreeConnect(c, "\\\\NTSERVER\\NOSUCH", &tid) == STATUS_BAD_NETWORK_NAME);
    GT_CHECK(SmbTreeConnect(c, "\\\\OTHER\\MAIL", &tid) == STATUS_BAD_NETWORK_NAME);
    GtSmb.Connected = SmbTreeConnect(c, GT_SMB_SHARE, &GtSmb.Tid) == STATUS_SUCCESS;
    GT_CHECK(GtSmb.Connected);
}

static VOID GtSmbRead(VOID)
{
    PSMB_CONNECTION c = GtSmb.Connection;
    ULONG offset = 0, hash = 2166136261u;
    SMB_FILE_INFO info;
    USHORT got;

    if (!GtSmbReady())
        return;
    GT_CHECK(SmbOpen(c, GtSmb.Tid, "\\MAILDATA\\GLB\\NOSUCH.GLB", SMB_ACCESS_READ,
                     SMB_OPEN_IF_EXISTS, &info) == STATUS_OBJECT_NAME_NOT_FOUND);
    GT_CHECK(SmbOpen(c, GtSmb.Tid, "\\MAILDATA\\NOSUCH\\X.GLB", SMB_ACCESS_READ,
                     SMB_OPEN_IF_EXISTS, &info) == STATUS_OBJECT_PATH_NOT_FOUND);
    if (SmbOpen(c, GtSmb.Tid, GT_SMB_FIXTURE, SMB_ACCESS_READ, SMB_OPEN_IF_EXISTS, &info) !=
        STATUS_SUCCESS) {
        GT_CHECK(FALSE);
        return;
    }
    GT_CHECK(info.Action == SMB_ACTION_OPENED && info.Size > 0);
    while (SmbRead(c, GtSmb.Tid, info.Fid, offset, GtSmbBuffer, 700, &got) == STATUS_SUCCESS &&
           got != 0) {
        hash = GtSmbFnv(hash, GtSmbBuffer, got);
        offset += got;
    }
    GT_CHECK(offset == info.Size);
    GT_CHECK(SmbWrite(c, GtSmb.Tid, info.Fid, 0, "x", 1) == STATUS_ACCESS_DENIED);
    GT_CHECK(SmbClose(c, GtSmb.Tid, info.Fid) == STATUS_SUCCESS);
    GT_CHECK(SmbClose(c, GtSmb.Tid, info.Fid) == STATUS_INVALID_HANDLE);
    printf("# smb: CONTROL.GLB %lu bytes fnv1a %08lx\n", (unsigned long)offset,
           (unsigned long)hash);
}

/* GT_SMB_WRITE_SIZE bytes in SMB_MAX_IO pieces, then cut to the final size. */
static VOID GtSmbWrite(VOID)
{
    PSMB_CONNECTION c = GtSmb.Connection;
    ULONG offset, i;
    USHORT fid, n;

    if (!GtSmbReady())
        return;
    for (i = 0; i < GT_SMB_WRITE_SIZE; i++)
        GtSmbBuffer[i] = (UCHAR)('a' + i % 26);
    if (SmbCreate(c, GtSmb.Tid, GT_SMB_WRITTEN, SMB_ATTR_ARCHIVE, &fid) != STATUS_SUCCESS) {
        GT_CHECK(FALSE);
        return;
    }
    for (offset = 0; offset < GT_SMB_WRITE_SIZE; offset += n) {
        n = (USHORT)(GT_SMB_WRITE_SIZE - offset < SMB_MAX_IO ? GT_SMB_WRITE_SIZE - offset
                                                             : SMB_MAX_IO);
        GT_CHECK(SmbWrite(c, GtSmb.Tid, fid, offset, GtSmbBuffer + offset, n) ==
                 STATUS_SUCCESS);
    }
    GT_CHECK(SmbFlush(c, GtSmb.Tid, fid) == STATUS_SUCCESS);
    GT_CHECK(SmbSetFileSize(c, GtSmb.Tid, fid, GT_SMB_FINAL_SIZE) == STATUS_SUCCESS);
    GT_CHECK(SmbClose(c, GtSmb.Tid, fid) == STATUS_SUCCESS);
    GT_CHECK(SmbCreateNew(c, GtSmb.Tid, GT_SMB_WRITTEN, SMB_ATTR_ARCHIVE, &fid) ==
             STATUS_OBJECT_NAME_COLLISION);
}

/* Pattern's entries on one line: "# smb: search PATTERN: A B C". */
static VOID GtSmbList(PCSTR Pattern, USHORT Attributes)
{
    static SMB_SEARCH search;
    SMB_DIRECTORY_ENTRY entry;
    char line[256] = "";
    int n = 0;
    NTSTATUS status;

    GT_CHECK(SmbSearchInit(&search, GtSmb.Tid, Pattern, Attributes) == STATUS_SUCCESS);
    while ((status = SmbSearchNext(GtSmb.Connection, &search, &entry)) == STATUS_SUCCESS &&
           n < (int)sizeof(line) - 16)
        n += snprintf(line + n, sizeof(line) - n, " %s", entry.FileName);
    GT_CHECK(status == STATUS_NO_MORE_FILES);
    printf("# smb: search %s:%s\n", Pattern, line);
}

static VOID GtSmbSearch(VOID)
{
    SMB_SEARCH search;
    SMB_DIRECTORY_ENTRY entry;

    if (!GtSmbReady())
        return;
    GtSmbList("\\MAILDATA\\*.*", SMB_ATTR_DIRECTORY);
    GtSmbList("\\MAILDATA\\GLB\\*.GLB", 0);
    GtSmbList("\\MAILDATA\\GLB\\?????.GL?", 0);
    GT_CHECK(SmbSearchInit(&search, GtSmb.Tid, "\\MAILDATA\\GLB\\*.XYZ", 0) == STATUS_SUCCESS);
    GT_CHECK(SmbSearchNext(GtSmb.Connection, &search, &entry) == STATUS_NO_MORE_FILES);
}

static VOID GtSmbInformation(VOID)
{
    PSMB_CONNECTION c = GtSmb.Connection;
    SMB_FILE_INFO info;
    SMB_DISK_INFO disk;

    if (!GtSmbReady())
        return;
    GT_CHECK(SmbQueryInformation(c, GtSmb.Tid, GT_SMB_WRITTEN, &info) == STATUS_SUCCESS);
    GT_CHECK(info.Size == GT_SMB_FINAL_SIZE && !(info.Attributes & SMB_ATTR_DIRECTORY));
    GT_CHECK(SmbSetInformation(c, GtSmb.Tid, GT_SMB_WRITTEN, 0, GT_SMB_TIME) == STATUS_SUCCESS);
    /* The host checks the time set: smbserv --deterministic reports one
       fixed time for every file. */
    GT_CHECK(SmbQueryInformation(c, GtSmb.Tid, GT_SMB_WRITTEN, &info) == STATUS_SUCCESS);
    printf("# smb: %s %lu bytes, attributes %02x, written %lu\n", GT_SMB_WRITTEN + 1,
           (unsigned long)info.Size, info.Attributes, (unsigned long)info.LastWriteTime);
    GT_CHECK(SmbQueryInformation(c, GtSmb.Tid, "\\MAILDATA", &info) == STATUS_SUCCESS);
    GT_CHECK(info.Attributes & SMB_ATTR_DIRECTORY);
    GT_CHECK(SmbQueryInformation(c, GtSmb.Tid, "\\NOSUCH.TXT", &info) ==
             STATUS_OBJECT_NAME_NOT_FOUND);
    GT_CHECK(SmbQueryDisk(c, GtSmb.Tid, &disk) == STATUS_SUCCESS);
    GT_CHECK(disk.TotalUnits > 0 && disk.FreeUnits <= disk.TotalUnits);
    printf("# smb: disk %u units of %u blocks of %u bytes, %u free\n", disk.TotalUnits,
           disk.BlocksPerUnit, disk.BlockSize, disk.FreeUnits);
}

static VOID GtSmbRenameDelete(VOID)
{
    PSMB_CONNECTION c = GtSmb.Connection;
    USHORT fid;

    if (!GtSmbReady())
        return;
    GT_CHECK(SmbCreateNew(c, GtSmb.Tid, "\\SMBTMP.TXT", SMB_ATTR_ARCHIVE, &fid) ==
             STATUS_SUCCESS);
    GT_CHECK(SmbClose(c, GtSmb.Tid, fid) == STATUS_SUCCESS);
    GT_CHECK(SmbRename(c, GtSmb.Tid, "\\SMBTMP.TXT", GT_SMB_WRITTEN) ==
             STATUS_OBJECT_NAME_COLLISION);
    GT_CHECK(SmbRename(c, GtSmb.Tid, "\\SMBTMP.TXT", "\\SMBREN.TXT") == STATUS_SUCCESS);
    GT_CHECK(SmbRename(c, GtSmb.Tid, "\\SMBTMP.TXT", "\\SMBREN2.TXT") ==
             STATUS_OBJECT_NAME_NOT_FOUND);
    GT_CHECK(SmbDelete(c, GtSmb.Tid, "\\SMBREN.TXT", 0) == STATUS_SUCCESS);
    GT_CHECK(SmbDelete(c, GtSmb.Tid, "\\SMBREN.TXT", 0) == STATUS_OBJECT_NAME_NOT_FOUND);
    GT_CHECK(SmbCreate(c, GtSmb.Tid, "\\A.BAK", SMB_ATTR_ARCHIVE, &fid) == STATUS_SUCCESS &&
             SmbClose(c, GtSmb.Tid, fid) == STATUS_SUCCESS);
    GT_CHECK(SmbCreate(c, GtSmb.Tid, "\\B.BAK", SMB_ATTR_ARCHIVE, &fid) == STATUS_SUCCESS &&
             SmbClose(c, GtSmb.Tid, fid) == STATUS_SUCCESS);
    GT_CHECK(SmbDelete(c, GtSmb.Tid, "\\*.BAK", 0) == STATUS_SUCCESS);
    GT_CHECK(SmbQueryInformation(c, GtSmb.Tid, "\\A.BAK", &(SMB_FILE_INFO){ 0 }) ==
             STATUS_OBJECT_NAME_NOT_FOUND);
}

static VOID GtSmbDirectories(VOID)
{
    PSMB_CONNECTION c = GtSmb.Connection;
    USHORT fid;

    if (!GtSmbReady())
        return;
    GT_CHECK(SmbCreateDirectory(c, GtSmb.Tid, "\\SMBDIR") == STATUS_SUCCESS);
    GT_CHECK(SmbCreateDirectory(c, GtSmb.Tid, "\\SMBDIR") == STATUS_OBJECT_NAME_COLLISION);
    GT_CHECK(SmbCheckDirectory(c, GtSmb.Tid, "\\SMBDIR") == STATUS_SUCCESS);
    GT_CHECK(SmbCreateNew(c, GtSmb.Tid, "\\SMBDIR\\IN.TXT", SMB_ATTR_ARCHIVE, &fid) ==
             STATUS_SUCCESS && SmbClose(c, GtSmb.Tid, fid) == STATUS_SUCCESS);
    GT_CHECK(SmbDeleteDirectory(c, GtSmb.Tid, "\\SMBDIR") == STATUS_DIRECTORY_NOT_EMPTY);
    GT_CHECK(SmbDelete(c, GtSmb.Tid, "\\SMBDIR\\IN.TXT", 0) == STATUS_SUCCESS);
    GT_CHECK(SmbDeleteDirectory(c, GtSmb.Tid, "\\SMBDIR") == STATUS_SUCCESS);
    GT_CHECK(SmbCheckDirectory(c, GtSmb.Tid, "\\SMBDIR") == STATUS_OBJECT_PATH_NOT_FOUND);
    GT_CHECK(SmbCreateDirectory(c, GtSmb.Tid, "\\SMBKEPT") == STATUS_SUCCESS);
}

/* Tree disconnect, then logoff: each undoes what a request needs. */
static VOID GtSmbLogoff(VOID)
{
    PSMB_CONNECTION c = GtSmb.Connection;
    SMB_CLIENT_STATISTICS st;
    SMB_DISK_INFO disk;
    USHORT tid;

    if (!GtSmbReady())
        return;
    GT_CHECK(SmbTreeDisconnect(c, GtSmb.Tid) == STATUS_SUCCESS);
    GtSmb.Connected = FALSE;
    GT_CHECK(SmbQueryDisk(c, GtSmb.Tid, &disk) == STATUS_NETWORK_NAME_DELETED);
    GT_CHECK(SmbLogoff(c) == STATUS_SUCCESS);
    GT_CHECK(SmbTreeConnect(c, GT_SMB_SHARE, &tid) == STATUS_USER_SESSION_DELETED);
    SmbQueryStatistics(c, &st);
    printf("# smb: requests %lu, retransmissions %lu, stray %lu\n",
           (unsigned long)st.Requests, (unsigned long)st.Retransmissions,
           (unsigned long)st.StrayReplies);
    SmbAbandon(c);
    GT_CHECK(SmbLogoff(c) == STATUS_CONNECTION_DISCONNECTED);
    SmbDisconnect(c);
    GtSmb.Connection = NULL;
}

static const GT_CASE GtSmbCases[] = {
    { "smb_find_server", GtSmbFindServer },
    { "smb_negotiate", GtSmbNegotiate },
    { "smb_silent_server", GtSmbSilentServer },
    { "smb_reset", GtSmbReset },
    { "smb_session_setup", GtSmbSessionSetup },
    { "smb_tree_connect", GtSmbTreeConnect },
    { "smb_read", GtSmbRead },
    { "smb_write", GtSmbWrite },
    { "smb_search", GtSmbSearch },
    { "smb_information", GtSmbInformation },
    { "smb_rename_delete", GtSmbRenameDelete },
    { "smb_directories", GtSmbDirectories },
    { "smb_logoff", GtSmbLogoff },
};

const GT_SUITE GtSmbSuite = GT_SUITE_ENTRY("smb", "the SMB client against NTSERVER",
                                           GtSmbCases);

/*
 * ncpclient.c - the host test client: drives NetWare sessions against a
 * running ncpserv over its datagram socket, as QEMU would, and checks the
 * answers against the files on disk.
 *
 *   ncpclient --server HOST:PORT --root DIR --fixtures DIR
 *             [--scenario session|reset|logins|calls] [--pcap F] [--replies F]
 *             [--epoch N] [--timeout-ms N] [--retries N] [--reset-first E]
 *             [--frame ethernet_ii|802.3|802.2|snap]
 *             [--unencrypted-allowed]
 *
 * session and reset are here, logins and calls in ncpscenes.c; logins
 * expects the server's --intruder-attempts 3, and its unencrypted login
 * served with --unencrypted-allowed (the server's --allow-unencrypted),
 * refused without.
 *
 * One "ok N - what" / "not ok N - what" line per check, then a "stats:"
 * line (transactions, retransmits, busy, ignored, frames in another
 * framing than --frame's). Exit 0: every check
 * passed; 1: a check failed; 3: the server stopped answering ("timeout at
 * transaction K").
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "tests/host/ncpsteps.h"

static int NcpEpochTagged;
static ULONG NcpEpoch;

static USHORT NcpConnect(NC_RUN *Run, BOOLEAN Tagged, ULONG Epoch)
{
    NCP_REQUEST Request = NcMake(NCP_TYPE_CREATE, 0, 0);
    NCP_REPLY Reply;

    Request.u.Connect.Present = Tagged;
    Request.u.Connect.Epoch = Epoch;
    if (NcDo(Run, &Request, &Reply) != NCP_OK)
        return 0;
    Run->Client.Connection = Reply.Header.Connection;
    Run->Client.Sequence = 0;
    return Reply.Header.Connection;
}

void NcFindAndConnect(NC_RUN *Run)
{
    NCP_REQUEST Request;
    NCP_REPLY Reply;
    char Name[64] = "";

    NcCheck(Run, NcFindServer(&Run->Client, Name, sizeof(Name)) == 0 &&
                     strcmp(Name, "NWSERVER") == 0,
            "SAP nearest server is NWSERVER, RIP gives the network");
    NcCheck(Run, NcpConnect(Run, (BOOLEAN)NcpEpochTagged, NcpEpoch) != 0,
            "create service connection");
    Request = NcMake(NCP_TYPE_REQUEST, NCP_NEGOTIATE_BUFFER, 0);
    Request.u.Negotiate.BufferSize = 1024;
    NcCheck(Run, NcDo(Run, &Request, &Reply) == NCP_OK &&
                     Reply.u.Negotiate.BufferSize == 1024,
            "negotiate buffer size 1024");
}

static void NcpServerAndLogin(NC_RUN *Run)
{
    NCP_REQUEST Request = NcMake(NCP_TYPE_REQUEST, NCP_CONNECTION_SERVICES,
                                 NCP_GET_SERVER_INFO);
    NCP_REPLY Reply;

    NcCheck(Run, NcDo(Run, &Request, &Reply) == NCP_OK &&
                     strcmp(Reply.u.ServerInfo.ServerName, "NWSERVER") == 0 &&
                     Reply.u.ServerInfo.OsMajor == 3,
            "file server information names NWSERVER 3.x");
    NcCheck(Run, NcLogin(Run, "SUPERVISOR", "WRONG") == NCP_E_BAD_PASSWORD,
            "keyed login with a wrong password fails with 0xDE");
    NcCheck(Run, NcLogin(Run, "NOBODY", "") == NCP_E_NO_SUCH_OBJECT,
            "an unknown user has no object ID: 0xFC");
    NcCheck(Run, NcLogin(Run, "SUPERVISOR", "SECRET") == NCP_OK,
            "login SUPERVISOR");
}

static void NcpVolumes(NC_RUN *Run)
{
    static const char *const Names[] = { "SYS", "MAIL", "NOPE" };
    static const UCHAR Codes[] = { NCP_OK, NCP_OK, NCP_E_NO_VOLUME };
    NCP_REQUEST Request;
    NCP_REPLY Reply;
    char What[64];
    int Index;

    for (Index = 0; Index < 3; Index++) {
        Request = NcMake(NCP_TYPE_REQUEST, NCP_DIRECTORY_SERVICES,
                         NCP_GET_VOLUME_NUMBER);
        NcpSetString(&Request.u.VolumeNumber.Name, Names[Index]);
        snprintf(What, sizeof(What), "volume number of %s", Names[Index]);
        NcCheck(Run, NcDo(Run, &Request, &Reply) == Codes[Index] &&
                         (Codes[Index] != NCP_OK ||
                          Reply.u.VolumeNumber.Volume == Index),
                What);
    }
}

/* SYS:PUBLIC: listing and a whole-file read against the fixture. */
static void NcpReadFixture(NC_RUN *Run)
{
    char Listing[2048], Expected[2048], Path[1024];
    NCP_FILE_INFO Info;
    UCHAR Handle;
    long Size, HostSize;
    unsigned long Hash;

    NcCheck(Run, NcAllocDir(Run, "SYS:PUBLIC", &Handle) == NCP_OK,
            "directory handle for SYS:PUBLIC");
    snprintf(Path, sizeof(Path), "%s/SYS/PUBLIC", Run->Fixtures);
    NcHostList(Path, 0, Expected, sizeof(Expected));
    NcCheck(Run, NcList(Run, Handle, 0x06, Listing, sizeof(Listing)) == NCP_OK &&
                     strcmp(Listing, Expected) == 0,
            "file search of SYS:PUBLIC matches the fixture folder");
    NcCheck(Run, NcOpenFile(Run, NCP_OPEN_FILE, Handle, "SAMPLE.DAT", &Info) ==
                     NCP_OK, "open SAMPLE.DAT");
    snprintf(Path, sizeof(Path), "%s/SYS/PUBLIC/SAMPLE.DAT", Run->Fixtures);
    Hash = NcHashFile(Path, &HostSize);
    NcCheck(Run, (long)Info.Size == HostSize, "open reports the fixture's size");
    NcCheck(Run, NcReadAll(Run, Info.Handle, &Size) == Hash && Size == HostSize,
            "SAMPLE.DAT read over NCP hashes like the fixture");
    NcCheck(Run, NcHandleOp(Run, NCP_CLOSE_FILE, Info.Handle) == NCP_OK,
            "close SAMPLE.DAT");
    NcCheck(Run, NcHandleOp(Run, NCP_CLOSE_FILE, Info.Handle) ==
                     NCP_E_INVALID_HANDLE, "second close fails with 0x88");
    NcCheck(Run, NcOpenFile(Run, NCP_OPEN_FILE_OLD, Handle, "MISSING.TXT",
                            &Info) == NCP_E_FAILURE,
            "open of a missing file fails with 0xFF");
}

static void NcpMailFolders(NC_RUN *Run)
{
    char Listing[2048], Expected[2048], Path[1024];
    UCHAR Handle;

    NcCheck(Run, NcAllocDir(Run, "MAIL:MAILDATA", &Handle) == NCP_OK,
            "directory handle for MAIL:MAILDATA");
    snprintf(Path, sizeof(Path), "%s/MAIL/MAILDATA", Run->Fixtures);
    NcHostList(Path, 1, Expected, sizeof(Expected));
    NcCheck(Run, NcList(Run, Handle, 0x16, Listing, sizeof(Listing)) == NCP_OK &&
                     strcmp(Listing, Expected) == 0,
            "directory search of MAIL:MAILDATA lists the postoffice folders");
    NcCheck(Run, NcAllocDir(Run, "SYS:PUBLIC\\..\\..", &Handle) ==
                     NCP_E_INVALID_PATH, "a path above the volume root is 0x9C");
}

/* Writes a queue file into MAIL:MAILDATA\P1 and finds it on disk. */
static void NcpWriteQueueFile(NC_RUN *Run)
{
    UCHAR Data[3000], Handle;
    char Path[1024];
    NCP_FILE_INFO Info;
    NCP_REQUEST Request = NcMake(NCP_TYPE_REQUEST, NCP_GET_FILE_SIZE, 0);
    NCP_REPLY Reply;
    long HostSize;
    int Index, Good = 1;

    for (Index = 0; Index < (int)sizeof(Data); Index++)
        Data[Index] = (UCHAR)('A' + Index % 23);
    NcCheck(Run, NcAllocDir(Run, "MAIL:MAILDATA\\P1", &Handle) == NCP_OK,
            "directory handle for MAIL:MAILDATA\\P1");
    NcCheck(Run, NcOpenFile(Run, NCP_CREATE_NEW_FILE, Handle, "NEWMSG.P1Q",
                            &Info) == NCP_OK, "create new file NEWMSG.P1Q");
    for (Index = 0; Index < 3; Index++)
        Good &= NcWrite(Run, Info.Handle, (ULONG)Index * 1000,
                        Data + Index * 1000, 1000) == NCP_OK;
    NcCheck(Run, Good, "write 3000 bytes in three requests");
    memcpy(Request.u.File.Handle, Info.Handle, NCP_FILE_HANDLE_LENGTH);
    NcCheck(Run, NcDo(Run, &Request, &Reply) == NCP_OK &&
                     Reply.u.FileSize.Size == sizeof(Data),
            "file size is 3000");
    NcCheck(Run, NcHandleOp(Run, NCP_CLOSE_FILE, Info.Handle) == NCP_OK,
            "close NEWMSG.P1Q");
    snprintf(Path, sizeof(Path), "%s/MAIL/MAILDATA/P1/NEWMSG.P1Q", Run->Root);
    NcCheck(Run, NcHashFile(Path, &HostSize) ==
                     NcHash(2166136261UL, Data, sizeof(Data)) &&
                     HostSize == (long)sizeof(Data),
            "NEWMSG.P1Q is on disk with the bytes written");
    NcCheck(Run, NcOpenFile(Run, NCP_CREATE_NEW_FILE, Handle, "NEWMSG.P1Q",
                            &Info) == NCP_E_FAILURE,
            "create new file on an existing name fails with 0xFF");
    Request = NcMake(NCP_TYPE_REQUEST, NCP_ERASE_FILE, 0);
    Request.u.Open.DirHandle = Handle;
    NcpSetString(&Request.u.Open.Name, "NEWMSG.P1Q");
    NcCheck(Run, NcDo(Run, &Request, &Reply) == NCP_OK &&
                     NcHashFile(Path, &HostSize) == 0,
            "erase NEWMSG.P1Q removes it from disk");
    NcCheck(Run, NcDo(Run, &Request, &Reply) == NCP_E_FAILURE,
            "erase of a missing file fails with 0xFF");
}

/* End of Job of task 2 closes what task 2 opened, and only that. */
static void NcpTasks(NC_RUN *Run)
{
    NCP_FILE_INFO Mine, Theirs;
    NCP_REQUEST Request = NcMake(NCP_TYPE_REQUEST, NCP_END_OF_JOB, 0);
    NCP_REPLY Reply;
    UCHAR Handle;

    NcCheck(Run, NcAllocDir(Run, "SYS:PUBLIC", &Handle) == NCP_OK,
            "directory handle for the task test");
    NcOpenFile(Run, NCP_OPEN_FILE, Handle, "README.TXT", &Mine);
    Run->Client.Task = 2;
    NcOpenFile(Run, NCP_OPEN_FILE, Handle, "SAMPLE.DAT", &Theirs);
    NcCheck(Run, NcDo(Run, &Request, &Reply) == NCP_OK, "end of job, task 2");
    Run->Client.Task = 1;
    NcCheck(Run, NcHandleOp(Run, NCP_GET_FILE_SIZE, Theirs.Handle) ==
                     NCP_E_INVALID_HANDLE, "task 2's file is closed");
    NcCheck(Run, NcHandleOp(Run, NCP_CLOSE_FILE, Mine.Handle) == NCP_OK,
            "task 1's file is still open");
    NcCheck(Run, NcDo(Run, &Request, &Reply) == NCP_OK, "end of job, task 1");
    Request = NcMake(NCP_TYPE_REQUEST, NCP_DIRECTORY_SERVICES, NCP_DEALLOC_DIR);
    Request.u.DeallocDir.Handle = Handle;
    NcCheck(Run, NcDo(Run, &Request, &Reply) == NCP_E_BAD_DIR_HANDLE,
            "end of job freed task 1's temporary directory handles");
}

void NcDisconnect(NC_RUN *Run)
{
    NCP_REQUEST Request = NcMake(NCP_TYPE_REQUEST, NCP_LOGOUT, 0);
    NCP_REPLY Reply;

    NcCheck(Run, NcDo(Run, &Request, &Reply) == NCP_OK, "logout");
    Request = NcMake(NCP_TYPE_DESTROY, 0, 0);
    NcCheck(Run, NcDo(Run, &Request, &Reply) == NCP_OK,
            "destroy service connection");
}

static void NcpSession(NC_RUN *Run)
{
    NcFindAndConnect(Run);
    NcpServerAndLogin(Run);
    NcpVolumes(Run);
    NcpReadFixture(Run);
    NcpMailFolders(Run);
    NcpWriteQueueFile(Run);
    NcpTasks(Run);
    NcDisconnect(Run);
}

/*
 * Changes the volume, resets with epoch E, and checks that the old state is
 * gone: files restored, the old connection dead, creates of an older epoch
 * ignored, numbering from 1 again.
 */
static void NcpResetScenario(NC_RUN *Run)
{
    char Path[1024], Fixture[1024];
    NCP_FILE_INFO Info;
    NCP_REQUEST Request;
    NCP_REPLY Reply;
    UCHAR Handle;
    long Size;
    ULONG Epoch = NcpEpoch ? NcpEpoch : 1;

    NcpEpoch = 0;                       /* a fresh server is in epoch 0 */
    NcpEpochTagged = 1;
    NcFindAndConnect(Run);
    NcLogin(Run, "SUPERVISOR", "SECRET");
    NcAllocDir(Run, "SYS:PUBLIC", &Handle);
    NcOpenFile(Run, NCP_CREATE_FILE, Handle, "README.TXT", &Info);
    NcWrite(Run, Info.Handle, 0, (const UCHAR *)"changed", 7);
    snprintf(Path, sizeof(Path), "%s/SYS/PUBLIC/README.TXT", Run->Root);
    snprintf(Fixture, sizeof(Fixture), "%s/SYS/PUBLIC/README.TXT", Run->Fixtures);
    NcCheck(Run, NcHashFile(Path, &Size) != NcHashFile(Fixture, &Size),
            "README.TXT changed on disk before the reset");
    NcCheck(Run, NcControlReset(&Run->Client, Epoch) == STATUS_SUCCESS,
            "control reset answered");
    NcCheck(Run, NcHashFile(Path, &Size) == NcHashFile(Fixture, &Size),
            "README.TXT restored from its fixture");
    Request = NcMake(NCP_TYPE_REQUEST, NCP_NEGOTIATE_BUFFER, 0);
    Request.u.Negotiate.BufferSize = 512;
    NcCheck(Run, NcDo(Run, &Request, &Reply) == NCP_E_FAILURE &&
                     (Reply.Header.ConnectionStatus & NCP_STATUS_DEAD) != 0,
            "the connection made before the reset is dead");
    Run->Client.Retries = 0;
    Request = NcMake(NCP_TYPE_CREATE, 0, 0);
    Request.u.Connect.Present = TRUE;
    Request.u.Connect.Epoch = Epoch - 1;
    NcCheck(Run, NcTransact(&Run->Client, &Request, &Reply) == STATUS_IO_TIMEOUT,
            "a create tagged with the previous epoch is ignored");
    Run->Client.Retries = 5;
    NcCheck(Run, NcpConnect(Run, TRUE, Epoch) == 1,
            "a create tagged with the new epoch gets connection 1");
}

static void NcpUsage(void)
{
    fprintf(stderr, "usage: ncpclient --server HOST:PORT --root DIR "
                    "--fixtures DIR [--scenario session|reset|logins|calls] [--pcap F]\n"
                    "         [--replies F] [--epoch N] [--timeout-ms N] "
                    "[--retries N] [--reset-first EPOCH]\n"
                    "         [--port N] [--control-key HEX16] [--frame NAME]\n"
                    "         [--unencrypted-allowed]\n");
    exit(2);
}

int main(int Count, char **Arguments)
{
    static const struct option Long[] = {
        { "server", 1, 0, 's' }, { "root", 1, 0, 'r' },
        { "fixtures", 1, 0, 'f' }, { "scenario", 1, 0, 'c' },
        { "pcap", 1, 0, 'p' }, { "replies", 1, 0, 'R' },
        { "epoch", 1, 0, 'e' }, { "timeout-ms", 1, 0, 't' },
        { "retries", 1, 0, 'n' }, { "reset-first", 1, 0, 'x' },
        { "port", 1, 0, 'P' }, { "control-key", 1, 0, 'K' },
        { "frame", 1, 0, 'F' }, { "unencrypted-allowed", 0, 0, 'u' },
        { 0, 0, 0, 0 },
    };
    static NC_RUN Run;
    const char *Server = NULL, *Scenario = "session";
    const char *Pcap = NULL, *Replies = NULL;
    int Option, Timeout = 200, Retries = 5, ResetFirst = -1, Port = 0, Unencrypted = 0;
    const char *Key = NULL, *Frame = "ethernet_ii";
    char Name[64];

    while ((Option = getopt_long(Count, Arguments, "", Long, NULL)) != -1) {
        switch (Option) {
        case 's': Server = optarg; break;
        case 'r': Run.Root = optarg; break;
        case 'f': Run.Fixtures = optarg; break;
        case 'c': Scenario = optarg; break;
        case 'p': Pcap = optarg; break;
        case 'R': Replies = optarg; break;
        case 'e': NcpEpoch = (ULONG)strtoul(optarg, NULL, 10); NcpEpochTagged = 1; break;
        case 't': Timeout = atoi(optarg); break;
        case 'n': Retries = atoi(optarg); break;
        case 'x': ResetFirst = atoi(optarg); break;
        case 'P': Port = atoi(optarg); break;
        case 'K': Key = optarg; break;
        case 'F': Frame = optarg; break;
        case 'u': Unencrypted = 1; break;
        default: NcpUsage();
        }
    }
    if (!Server || !Run.Root || !Run.Fixtures)
        NcpUsage();
    if (NcOpen(&Run.Client, Server, Port, Pcap, Replies) < 0) {
        perror("ncpclient");
        return 2;
    }
    for (int Index = 0; Key && Index < NCP_CONTROL_KEY_LENGTH; Index++)
        sscanf(Key + 2 * Index, "%2hhx", &Run.Client.ControlKey[Index]);
    while (Run.Client.FrameType < IpxFrameTypeCount &&
           strcmp(IpxFrameName(Run.Client.FrameType), Frame) != 0)
        Run.Client.FrameType++;
    if (Run.Client.FrameType == IpxFrameTypeCount)
        NcpUsage();
    Run.Client.TimeoutMs = Timeout;
    Run.Client.Retries = Retries;
    if (ResetFirst >= 0 &&
        (NcFindServer(&Run.Client, Name, sizeof(Name)) < 0 ||
         NcControlReset(&Run.Client, (ULONG)ResetFirst) != STATUS_SUCCESS)) {
        printf("reset before the scenario failed\n");
        return 1;
    }
    if (strcmp(Scenario, "session") == 0)
        NcpSession(&Run);
    else if (strcmp(Scenario, "reset") == 0)
        NcpResetScenario(&Run);
    else if (strcmp(Scenario, "logins") == 0)
        NcLoginsScenario(&Run, Unencrypted);
    else if (strcmp(Scenario, "calls") == 0)
        NcCallsScenario(&Run);
    else
        NcpUsage();
    printf("stats: transactions=%lu retransmits=%lu busy=%lu ignored=%lu "
           "other_framing=%lu\n", Run.Client.Stats.Transactions,
           Run.Client.Stats.Retransmits, Run.Client.Stats.Busy,
           Run.Client.Stats.Ignored, Run.Client.Stats.OtherFraming);
    printf("%s: %d checks\n", Run.Failed ? "FAIL" : "PASS", Run.Check);
    NcClose(&Run.Client);
    return Run.Failed;
}

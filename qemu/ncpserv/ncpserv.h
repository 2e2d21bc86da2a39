/*
 * ncpserv.h - ncpserv, a NetWare 3.x file server named NWSERVER that lives
 * on the host and talks to QEMU through -netdev dgram: one Ethernet frame
 * per UDP datagram, IPX in the one framing --frame names (Ethernet II
 * unless told). docs/NCPSERV.md says how to run it.
 *
 * The server is single-threaded and handles one frame at a time, so no
 * state here is locked. Everything that a reset restores lives in NS_SERVER
 * below the "reset" line and is rebuilt by NsReset.
 *
 * What it holds against a hostile station (docs/NCPSERV.md, "Holding its
 * ground"): nothing outside the volumes is reached (host files are opened
 * with openat and O_NOFOLLOW a component at a time: no symbolic link is
 * ever followed); state is per connection; a station not logged in reads
 * SYS:LOGIN and nothing else; the table has a size, a per-station share
 * and a watchdog; files have a maximum size, and a volume may grow by a
 * bounded number of bytes since the last reset; every request costs time
 * linear in its lengths; failed logins lock the account; the control reset
 * needs the harness's key.
 *
 * Interface, by file:
 *   main.c     options, the UDP socket and its one peer, the loop, the
 *              clock (Now), SIGTERM
 *   ipxsrv.c   NsInitialize, NsReceiveFrame (frames in), SAP, RIP, the
 *              control socket, the echo, NsBroadcastSap, NsReset,
 *              NsBuildReply, NsLog
 *   ncpconn.c  NsNcpReceive: connections, sequence numbers, tasks, the
 *              cached last reply, fault modes (drop, duplicate, busy,
 *              silence), the table's limits; NsWatchdog;
 *              NsConnectionsReset; Clear Connection Number
 *   ncpfunc.c  NsDispatch: the function table; connection, volume and
 *              directory-handle functions
 *   bindery.c  users and object IDs, login keys, keyed and unencrypted
 *              login, intruder detection; NsBinderyReset
 *   ncpfile.c  file functions: open, create, read, write, size, commit,
 *              close, erase, rename; NsCloseFiles
 *   ncpdir.c   directories: create, delete, the search 0x3E/0x3F, Scan
 *              File Information
 *   volume.c   volumes and NetWare paths over qemu/netvol (host folders
 *              opened without following links, listings, wildcards, DOS
 *              dates, the restore from fixtures), attributes, volume
 *              information
 */
#ifndef NCPSERV_H
#define NCPSERV_H

#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#include "ntdef.h"
#include "drivers/ipx/ipxwire.h"
#include "drivers/nwrdr/ncpwire.h"
#include "qemu/netvol/netvol.h"

#define NS_SERVER_NAME       "NWSERVER"
#define NS_NETWORK           0x00001234UL     /* the simple addressing */
#define NS_MAC               { 0x02, 0x4E, 0x57, 0x00, 0x00, 0x01 }
#define NS_INTERNAL_NODE     { 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 }

#define NS_MAX_CONNECTIONS   64      /* the table's bound; --connections picks a size */
#define NS_MAX_DIR_HANDLES   32      /* per connection */
#define NS_MAX_FILES         32      /* per connection */
#define NS_MAX_SEARCHES      16      /* search directory ids, per connection */
#define NS_MAX_LISTING       512     /* entries one directory may hold */
#define NS_USER_COUNT        3       /* the bindery's users (bindery.c) */
#define NS_WATCHDOG_POLLS    3       /* unanswered polls before a connection is cleared */
#define NS_DEFAULT_MAX_FILE_SIZE (4UL << 20)   /* --max-file-size unless told */
#define NS_DEFAULT_VOLUME_LIMIT  (64UL << 20)  /* --volume-limit unless told */
#define NS_MAX_BUFFER        1024    /* largest negotiated buffer */
#define NS_PATH_MAX          NV_PATH_MAX   /* a NetWare path inside a volume */
#define NS_HOST_PATH_MAX     NV_HOST_PATH_MAX
#define NS_VOLUME_COUNT      2

typedef struct _NS_OPTIONS {
    char Listen[64];
    char Peer[64];
    char Root[NS_HOST_PATH_MAX];
    char Fixtures[NS_HOST_PATH_MAX];
    BOOLEAN Deterministic;
    BOOLEAN Verbose;
    BOOLEAN AllowUnencrypted;        /* 0x17/0x14 is 0xD6 unless set */
    IPX_FRAME_TYPE Frame;            /* the one framing it speaks */
    ULONG InternalNetwork;           /* 0: simple addressing */
    ULONG DropEvery;                 /* fault modes, all counted in requests */
    ULONG DuplicateEvery;
    ULONG Busy;
    ULONG SilentAfter;
    ULONG SilentAtRead;              /* the Nth Read File silences its connection */
    ULONG SapInterval;               /* seconds; not in deterministic mode */
    ULONG Connections;               /* the table's size, at most NS_MAX_CONNECTIONS */
    ULONG StationConnections;        /* how many one IPX node may hold */
    ULONG Watchdog;                  /* idle seconds before a poll; 0 = none */
    ULONG MaxFileSize;               /* bytes a write may reach */
    ULONG VolumeLimit;               /* bytes a volume's files may grow by (ncpfile.c) */
    ULONG IntruderAttempts;          /* failed logins that lock an account; 0 = none */
    ULONG IntruderLockout;           /* seconds an account stays locked */
    BOOLEAN BenchEcho;               /* the echo may answer more than it was sent */
    BOOLEAN HaveControlKey;          /* without it, no reset over the wire */
    UCHAR ControlKey[NCP_CONTROL_KEY_LENGTH];
} NS_OPTIONS, *PNS_OPTIONS;

/* A path inside a volume: Path is upper case, '/'-separated, "" = root. */
typedef struct _NS_PATH {
    UCHAR Volume;
    CHAR Path[NS_PATH_MAX];
} NS_PATH, *PNS_PATH;

typedef struct _NS_DIR_HANDLE {
    BOOLEAN InUse;
    BOOLEAN Temporary;               /* freed by End of Job of its task */
    UCHAR Task;
    UCHAR DriveLetter;
    NS_PATH Directory;
} NS_DIR_HANDLE, *PNS_DIR_HANDLE;

typedef struct _NS_FILE {
    BOOLEAN InUse;
    BOOLEAN Writable;
    UCHAR Task;
    UCHAR Volume;                    /* whose growth its writes count to */
    int Fd;
    ULONG Id;                        /* the 6-byte handle's last 4 bytes */
    dev_t Device;                    /* which host file: erase refuses open ones */
    ino_t Inode;
} NS_FILE, *PNS_FILE;

typedef struct _NS_CONNECTION {
    BOOLEAN InUse;
    USHORT Number;
    IPX_ADDRESS Client;              /* the connection belongs to this */
    UCHAR ClientMac[ETH_ADDRESS_LENGTH];
    UCHAR Sequence;                  /* of the last request answered */
    BOOLEAN HaveReply;               /* Reply holds the answer to Sequence */
    ULONG BusyLeft;                  /* 0x9999s still owed before Reply */
    BOOLEAN Silent;                  /* --silent-at-read chose it: no answers */
    BOOLEAN ReplyUnsent;             /* Reply has never been transmitted */
    UCHAR Reply[ETH_MAX_FRAME];
    ULONG ReplyLength;
    BOOLEAN LoggedIn;
    char User[48];
    BOOLEAN HaveLoginKey;            /* LoginKey serves the next keyed login */
    UCHAR LoginKey[NCP_LOGIN_KEY_LENGTH];
    USHORT BufferSize;
    time_t LastHeard;                /* the watchdog's clock (Server->Now) */
    ULONG LastPacket;                /* Server->Requests when it last spoke */
    time_t LastPoll;
    ULONG Polls;                     /* watchdog polls since LastHeard */
    NS_DIR_HANDLE DirHandles[NS_MAX_DIR_HANDLES];   /* handle = index + 1 */
    NS_FILE Files[NS_MAX_FILES];
    NS_PATH Searches[NS_MAX_SEARCHES];              /* search id = index + 1 */
    ULONG SearchCount, SearchNext;  /* used slots; the next to reuse when full */
} NS_CONNECTION, *PNS_CONNECTION;

typedef struct _NS_SERVER NS_SERVER, *PNS_SERVER;
typedef int (*NS_SEND_ROUTINE)(PNS_SERVER Server, const UCHAR *Frame,
                               ULONG Length);

struct _NS_SERVER {
    NS_OPTIONS Options;
    NS_SEND_ROUTINE Send;            /* main.c's UDP send, or a test's */
    PVOID SendContext;
    UCHAR Mac[ETH_ADDRESS_LENGTH];
    IPX_ADDRESS Address;             /* NCP socket; internal net if asked */
    FILE *Log;
    time_t Now;                      /* main.c's clock; 0 when deterministic */

    /* Reset line: everything below is rebuilt by NsReset. */
    ULONG Epoch;
    ULONG Requests;                  /* NCP packets received, for faults */
    ULONG Replies;                   /* new 0x2222 replies, for faults */
    ULONG Reads;                     /* Read File requests, for --silent-at-read */
    ULONG NextFileId;
    USHORT PeakConnections;
    ULONG FailedLogins[NS_USER_COUNT];             /* intruder detection, per user */
    time_t LockedUntil[NS_USER_COUNT];             /* 0: not locked */
    ULONG KeysIssued;                              /* login keys given (bindery.c) */
    LONGLONG Grown[NS_VOLUME_COUNT];               /* bytes each volume's files gained */
    NS_CONNECTION Connections[NS_MAX_CONNECTIONS];
};

/* ipxsrv.c */
int NsInitialize(PNS_SERVER Server, const NS_OPTIONS *Options,
                 NS_SEND_ROUTINE Send, PVOID SendContext);
void NsReceiveFrame(PNS_SERVER Server, const UCHAR *Frame, ULONG Length);
int NsBuildReply(PNS_SERVER Server, const ETH_HEADER *Eth,
                 const IPX_HEADER *Ipx, UCHAR PacketType,
                 const UCHAR *Payload, ULONG Length, PUCHAR Frame,
                 PULONG FrameLength);
void NsLog(PNS_SERVER Server, const char *Format, ...)
    __attribute__((format(printf, 2, 3)));
void NsBroadcastSap(PNS_SERVER Server);
int NsReset(PNS_SERVER Server, ULONG Epoch);
void NsShutdown(PNS_SERVER Server);

/* ncpconn.c */
void NsNcpReceive(PNS_SERVER Server, const ETH_HEADER *Eth,
                  const IPX_HEADER *Ipx, const UCHAR *Payload, ULONG Length);
void NsConnectionsReset(PNS_SERVER Server);
USHORT NsConnectionsInUse(PNS_SERVER Server);
void NsWatchdog(PNS_SERVER Server);

/*
 * ncpfunc.c. A handler fills Reply->u and returns the completion code;
 * Scratch holds NS_MAX_BUFFER bytes that live until the reply is encoded
 * (where a read puts its data).
 */
#define NS_HANDLER_ARGUMENTS \
    PNS_SERVER Server, PNS_CONNECTION Connection, \
    const NCP_REQUEST *Request, PNCP_REPLY Reply, PUCHAR Scratch
typedef UCHAR (*NS_HANDLER)(NS_HANDLER_ARGUMENTS);

void NsDispatch(PNS_SERVER Server, PNS_CONNECTION Connection,
                NTSTATUS DecodeStatus, const NCP_REQUEST *Request,
                PNCP_REPLY Reply, PUCHAR Scratch);
PCSTR NsFunctionName(UCHAR Function, UCHAR SubFunction);
void NsReleaseTask(PNS_SERVER Server, PNS_CONNECTION Connection, UCHAR Task,
                   BOOLEAN All);

/* ncpconn.c: the handler of Clear Connection Number. */
UCHAR NsClearConnection(NS_HANDLER_ARGUMENTS);

/* bindery.c: handlers of the NS_HANDLER shape (ncpfunc.c). */
UCHAR NsObjectId(NS_HANDLER_ARGUMENTS);
UCHAR NsLoginKey(NS_HANDLER_ARGUMENTS);
UCHAR NsKeyedLogin(NS_HANDLER_ARGUMENTS);
UCHAR NsLogin(NS_HANDLER_ARGUMENTS);
void NsBinderyReset(PNS_SERVER Server);

/* ncpfile.c: handlers. */
UCHAR NsOpenFile(NS_HANDLER_ARGUMENTS);
UCHAR NsCreateFile(NS_HANDLER_ARGUMENTS);
UCHAR NsCloseFile(NS_HANDLER_ARGUMENTS);
UCHAR NsFileSize(NS_HANDLER_ARGUMENTS);
UCHAR NsReadFile(NS_HANDLER_ARGUMENTS);
UCHAR NsWriteFile(NS_HANDLER_ARGUMENTS);
UCHAR NsCommitFile(NS_HANDLER_ARGUMENTS);
UCHAR NsEraseFile(NS_HANDLER_ARGUMENTS);
UCHAR NsRenameFile(NS_HANDLER_ARGUMENTS);
void NsCloseFiles(PNS_CONNECTION Connection, UCHAR Task, BOOLEAN All);
BOOLEAN NsOpenElsewhere(PNS_SERVER Server, const NS_CONNECTION *Except,
                        const struct stat *Status);

/* ncpdir.c: handlers. */
UCHAR NsCreateDirectory(NS_HANDLER_ARGUMENTS);
UCHAR NsDeleteDirectory(NS_HANDLER_ARGUMENTS);
UCHAR NsSearchInit(NS_HANDLER_ARGUMENTS);
UCHAR NsSearchContinue(NS_HANDLER_ARGUMENTS);
UCHAR NsScanFileInfo(NS_HANDLER_ARGUMENTS);

/* volume.c */
#define NS_RIGHTS_ALL        0xFF    /* a directory's effective rights */
#define NS_RIGHTS_READ_ONLY  0x41    /* read and file scan: before login */
#define NS_SUPERVISOR_ID     0x00000001  /* the owner of every file (bindery.c) */

extern const char *const NsVolumeNames[NS_VOLUME_COUNT];
int NsVolumeByName(const char *Name);
const char *NsText(const NCP_STRING *String);
UCHAR NsResolvePath(PNS_SERVER Server, PNS_CONNECTION Connection,
                    UCHAR DirHandle, const char *NetWarePath, PNS_PATH Out);
BOOLEAN NsVisible(const NS_CONNECTION *Connection, const NS_PATH *Path);
UCHAR NsChildPath(const NS_PATH *Directory, const char *Name, PNS_PATH Out);
int NsOpenDirectory(PNS_SERVER Server, const NS_PATH *Path);
int NsOpenParent(PNS_SERVER Server, const NS_PATH *Path, const char **Name);
const char *NsLastComponent(const NS_PATH *Path);
UCHAR NsFileAttributes(const struct stat *Status);
int NsRestoreVolumes(PNS_SERVER Server);
void NsVolumeInfo(PNS_SERVER Server, UCHAR Volume, PNCP_VOLUME_INFO Info);

#endif

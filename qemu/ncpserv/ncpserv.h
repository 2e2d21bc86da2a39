/*
 * ncpserv.h - ncpserv, a NetWare 3.x file server named NWSERVER that lives
 * on the host and talks to QEMU through -netdev dgram: one Ethernet II
 * frame per UDP datagram. docs/NCPSERV.md says how to run it.
 *
 * The server is single-threaded and handles one frame at a time, so no
 * state here is locked. Everything that a reset restores lives in NS_SERVER
 * below the "reset" line and is rebuilt by NsReset.
 *
 * Interface, by file:
 *   main.c     options, the UDP socket, the loop, SIGTERM
 *   ipxsrv.c   NsInitialize, NsReceiveFrame (frames in), SAP, RIP, the
 *              control socket, the echo, NsBroadcastSap, NsReset,
 *              NsBuildReply, NsLog
 *   ncpconn.c  NsNcpReceive: connections, sequence numbers, tasks, the
 *              cached last reply, fault modes (drop, duplicate, busy,
 *              silence); NsConnectionsReset
 *   ncpfunc.c  NsDispatch: the function table; connection, bindery and
 *              directory-handle functions
 *   ncpfile.c  file functions: open, create, read, write, close, erase,
 *              size, directory search; NsCloseFiles
 *   volume.c   volumes, NetWare paths to host paths, listings, DOS dates,
 *              restoring the volumes from their fixtures
 */
#ifndef NCPSERV_H
#define NCPSERV_H

#include <stdio.h>
#include <sys/types.h>

#include "ntdef.h"
#include "drivers/ipx/ipxwire.h"
#include "drivers/nwrdr/ncpwire.h"

#define NS_SERVER_NAME       "NWSERVER"
#define NS_NETWORK           0x00001234UL     /* the simple addressing */
#define NS_MAC               { 0x02, 0x4E, 0x57, 0x00, 0x00, 0x01 }
#define NS_INTERNAL_NODE     { 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 }

#define NS_MAX_CONNECTIONS   64
#define NS_MAX_DIR_HANDLES   32      /* per connection */
#define NS_MAX_FILES         32      /* per connection */
#define NS_MAX_DIRECTORIES   256     /* search directory ids, per server */
#define NS_MAX_LISTING       512     /* entries one directory may hold */
#define NS_MAX_BUFFER        1024    /* largest negotiated buffer */
#define NS_PATH_MAX          256     /* a NetWare path inside a volume */
#define NS_HOST_PATH_MAX     1024
#define NS_VOLUME_COUNT      2

typedef struct _NS_OPTIONS {
    char Listen[64];
    char Peer[64];
    char Root[NS_HOST_PATH_MAX];
    char Fixtures[NS_HOST_PATH_MAX];
    BOOLEAN Deterministic;
    BOOLEAN Verbose;
    BOOLEAN RefuseUnencrypted;
    ULONG InternalNetwork;           /* 0: simple addressing */
    ULONG DropEvery;                 /* fault modes, all counted in requests */
    ULONG DuplicateEvery;
    ULONG Busy;
    ULONG SilentAfter;
    ULONG SapInterval;               /* seconds; not in deterministic mode */
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
    int Fd;
    ULONG Id;                        /* the 6-byte handle's last 4 bytes */
    char HostPath[NS_HOST_PATH_MAX];
} NS_FILE, *PNS_FILE;

typedef struct _NS_CONNECTION {
    BOOLEAN InUse;
    USHORT Number;
    IPX_ADDRESS Client;              /* the connection belongs to this */
    UCHAR ClientMac[ETH_ADDRESS_LENGTH];
    UCHAR Sequence;                  /* of the last request answered */
    BOOLEAN HaveReply;               /* Reply holds the answer to Sequence */
    ULONG BusyLeft;                  /* 0x9999s still owed before Reply */
    BOOLEAN ReplyUnsent;             /* Reply has never been transmitted */
    UCHAR Reply[ETH_MAX_FRAME];
    ULONG ReplyLength;
    BOOLEAN LoggedIn;
    char User[48];
    USHORT BufferSize;
    NS_DIR_HANDLE DirHandles[NS_MAX_DIR_HANDLES];   /* handle = index + 1 */
    NS_FILE Files[NS_MAX_FILES];
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

    /* Reset line: everything below is rebuilt by NsReset. */
    ULONG Epoch;
    ULONG Requests;                  /* NCP packets received, for faults */
    ULONG Replies;                   /* new 0x2222 replies, for faults */
    ULONG NextFileId;
    USHORT PeakConnections;
    NS_PATH Directories[NS_MAX_DIRECTORIES];       /* search id = index + 1 */
    ULONG DirectoryCount;
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

/* ncpfile.c: handlers of the NS_HANDLER shape (ncpfunc.c). */
UCHAR NsOpenFile(NS_HANDLER_ARGUMENTS);
UCHAR NsCreateFile(NS_HANDLER_ARGUMENTS);
UCHAR NsCloseFile(NS_HANDLER_ARGUMENTS);
UCHAR NsFileSize(NS_HANDLER_ARGUMENTS);
UCHAR NsReadFile(NS_HANDLER_ARGUMENTS);
UCHAR NsWriteFile(NS_HANDLER_ARGUMENTS);
UCHAR NsEraseFile(NS_HANDLER_ARGUMENTS);
UCHAR NsSearchInit(NS_HANDLER_ARGUMENTS);
UCHAR NsSearchContinue(NS_HANDLER_ARGUMENTS);
void NsCloseFiles(PNS_CONNECTION Connection, UCHAR Task, BOOLEAN All);

/* volume.c */
extern const char *const NsVolumeNames[NS_VOLUME_COUNT];
int NsVolumeByName(const char *Name);
UCHAR NsResolvePath(PNS_SERVER Server, PNS_CONNECTION Connection,
                    UCHAR DirHandle, const char *NetWarePath, PNS_PATH Out);
UCHAR NsChildPath(const NS_PATH *Directory, const char *Name, PNS_PATH Out);
int NsHostPath(PNS_SERVER Server, const NS_PATH *Path, char *Out,
               size_t Size);
const char *NsLastComponent(const NS_PATH *Path);
BOOLEAN NsValidName(const char *Name);
BOOLEAN NsMatchPattern(const char *Pattern, const char *Name);
int NsListDirectory(PNS_SERVER Server, const NS_PATH *Directory,
                    BOOLEAN Directories, char (*Names)[NCP_FILE_NAME_LENGTH + 1],
                    ULONG Max);
void NsDosDateTime(PNS_SERVER Server, time_t When, PUSHORT Date,
                   PUSHORT Time);
int NsRestoreVolumes(PNS_SERVER Server);
void NsVolumeInfo(PNS_SERVER Server, UCHAR Volume, PNCP_VOLUME_INFO Info);

#endif

/*
 * smbserv.h - smbserv, a LAN Manager 1.0 file server named NTSERVER that
 * lives on the host beside ncpserv and talks to QEMU through -netdev
 * dgram: one Ethernet frame per UDP datagram, SMB directly in IPX
 * datagrams (direct hosting, as NT's NWLink carried it), in the one
 * framing --frame names. It shares the postoffice: its one share, MAIL, is
 * restored from ncpserv's MAIL fixtures. docs/SMBSERV.md says how to run it.
 *
 * The server is single-threaded and handles one frame at a time, so no
 * state here is locked. Everything that a reset restores lives in
 * SRV_SERVER below the "reset" line and is rebuilt by SrvReset.
 *
 * On a hub it sees every frame on the wire, ncpserv's and broadcasts
 * included: it answers only what is addressed to its MAC (or broadcast to
 * its name socket) and drops the rest unanswered.
 *
 * What it holds against a hostile station (docs/SMBSERV.md, "Holding its
 * ground"): nothing outside the share is reached (qemu/netvol: openat and
 * O_NOFOLLOW a component at a time, ".." never above the root); a
 * connection belongs to the IPX address that negotiated it and answers
 * only its own key; files, trees and searches are per connection; nothing
 * is read or written before a logon and a tree connect; the table has a
 * size, a per-station share and an idle time-out; files have a maximum
 * size, and the share may grow by a limit; bad passwords lock the
 * account; the control reset needs the harness's key.
 *
 * Interface, by file:
 *   main.c     options, the UDP socket and its one peer, the loop and its
 *              clock (Now), SIGTERM
 *   srvipx.c   SrvInitialize, SrvReceiveFrame (frames in, what is not for
 *              this server dropped), NMPI name queries, the control
 *              socket, SrvReset, SrvBuildReply, SrvLog
 *   srvconn.c  SrvSmbReceive: connections, keys, sequence numbers, the
 *              cached last reply, the command table and who may run what;
 *              the table's limits; SrvIdleTimeout
 *   srvsess.c  negotiate, session setup, logoff, tree connect and
 *              disconnect, echo; the accounts and their lockout
 *   srvfile.c  SMB paths in the share; open, create, close, flush, read,
 *              write, delete, rename, query and set information
 *   srvdir.c   the core search, directories, disk information
 */
#ifndef SMBSERV_H
#define SMBSERV_H

#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#include "ntdef.h"
#include "drivers/ipx/ipxwire.h"
#include "drivers/lanman/smbwire.h"
#include "drivers/nwrdr/ncpwire.h"
#include "qemu/netvol/netvol.h"

#define SRV_SERVER_NAME      "NTSERVER"
#define SRV_SHARE_NAME       "MAIL"     /* the one share: ROOT/MAIL */
#define SRV_NETWORK          0x00001234UL    /* the cable ncpserv routes */
#define SRV_MAC              { 0x02, 0x4E, 0x54, 0x00, 0x00, 0x01 }

#define SRV_MAX_CONNECTIONS  32      /* --connections at most */
#define SRV_ACCOUNT_COUNT    3       /* srvsess.c's accounts */
#define SRV_MAX_TREES        4       /* per connection; Tid = index + 1 */
#define SRV_MAX_FILES        32      /* per connection */
#define SRV_MAX_SEARCHES     16      /* per connection, reused oldest first */
#define SRV_MAX_LISTING      512     /* entries one directory may hold */
#define SRV_DEFAULT_MAX_FILE_SIZE (4UL << 20)
#define SRV_DEFAULT_VOLUME_LIMIT  (64UL << 20)  /* --volume-limit unless told */

/* The dialects, in the order of preference smbserv picks them. */
enum {
    SrvDialectCore,
    SrvDialectLanMan,
    SrvDialectNone,
};

/* A handler's answer: SRV_OK, or an SMB error class and code. */
typedef ULONG SRV_ERROR;
#define SRV_OK               0
#define SRV_ERROR_OF(Class, Code) (((ULONG)(Class) << 16) | (Code))
#define SRV_DOS(Code)        SRV_ERROR_OF(SMB_ERRDOS, Code)
#define SRV_SRV(Code)        SRV_ERROR_OF(SMB_ERRSRV, Code)
#define SRV_HRD(Code)        SRV_ERROR_OF(SMB_ERRHRD, Code)

typedef struct _SRV_OPTIONS {
    char Listen[64];
    char Peer[64];
    char Root[NV_HOST_PATH_MAX];
    char Fixtures[NV_HOST_PATH_MAX];
    BOOLEAN Deterministic;
    BOOLEAN Verbose;
    IPX_FRAME_TYPE Frame;            /* the one framing it speaks */
    ULONG DropEvery;                 /* the first sending of every Nth new reply is lost */
    ULONG Connections;               /* the table's size */
    ULONG StationConnections;        /* how many one IPX node may hold */
    ULONG IdleTimeout;               /* silent seconds before a connection ends; 0 = never */
    ULONG MaxFileSize;               /* bytes a write may reach */
    ULONG VolumeLimit;               /* bytes the share's files may grow by (srvfile.c) */
    ULONG LockoutAttempts;           /* bad passwords that lock an account; 0 = none */
    ULONG LockoutDuration;           /* seconds an account stays locked */
    BOOLEAN HaveControlKey;          /* without it, no reset over the wire */
    UCHAR ControlKey[NCP_CONTROL_KEY_LENGTH];
} SRV_OPTIONS, *PSRV_OPTIONS;

typedef struct _SRV_FILE {
    BOOLEAN InUse;
    BOOLEAN Writable;
    USHORT Fid;
    USHORT Tid;                      /* the tree it was opened through */
    int Fd;
    dev_t Device;                    /* which host file: delete refuses open ones */
    ino_t Inode;
} SRV_FILE, *PSRV_FILE;

/* A core search: where SEARCH's resume key says to go on. */
typedef struct _SRV_SEARCH {
    BOOLEAN InUse;
    ULONG Made;                      /* Server->SearchesMade when it began */
    USHORT Attributes;
    char Directory[NV_PATH_MAX];
    char Pattern[NV_PATH_MAX];       /* DOS's wildcards (netvol.h) */
} SRV_SEARCH, *PSRV_SEARCH;

typedef struct _SRV_CONNECTION {
    BOOLEAN InUse;
    USHORT Sid;                      /* index + 1 */
    ULONG Key;                       /* every request must carry it */
    IPX_ADDRESS Client;              /* the connection belongs to this */
    time_t LastHeard;                /* Server->Now at its last request */
    ULONG LastRequest;               /* Server->Requests then */
    int Dialect;
    USHORT Sequence;                 /* of the last sequenced reply */
    BOOLEAN HaveReply;               /* Reply answers Sequence */
    USHORT ReplyMid;                 /* the request Reply answers */
    UCHAR ReplyCommand;
    UCHAR Reply[ETH_MAX_FRAME];
    ULONG ReplyLength;
    USHORT ClientBuffer;             /* the most the client takes at once */
    BOOLEAN LoggedOn;
    USHORT Uid;                      /* 0 for a core client (no session) */
    int User;                        /* srvsess.c's accounts */
    BOOLEAN Trees[SRV_MAX_TREES];
    SRV_FILE Files[SRV_MAX_FILES];
    SRV_SEARCH Searches[SRV_MAX_SEARCHES];
} SRV_CONNECTION, *PSRV_CONNECTION;

typedef struct _SRV_SERVER SRV_SERVER, *PSRV_SERVER;
typedef int (*SRV_SEND_ROUTINE)(PSRV_SERVER Server, const UCHAR *Frame,
                                ULONG Length);

struct _SRV_SERVER {
    SRV_OPTIONS Options;
    SRV_SEND_ROUTINE Send;           /* main.c's UDP send, or a test's */
    PVOID SendContext;
    UCHAR Mac[ETH_ADDRESS_LENGTH];
    IPX_ADDRESS Address;             /* the SMB socket */
    FILE *Log;
    time_t Now;                      /* main.c's clock; 0 when deterministic */

    /* Reset line: everything below is rebuilt by SrvReset. */
    ULONG Epoch;
    ULONG Replies;                   /* new sequenced replies, for --drop-every */
    ULONG Negotiations;              /* keys given since the reset */
    USHORT NextFid;
    USHORT NextUid;
    ULONG Requests;                  /* SMBs to a connection, for the eviction order */
    ULONG SearchesMade;              /* searches begun, on any connection */
    ULONG FailedLogons[SRV_ACCOUNT_COUNT];  /* the lockout, per account */
    time_t LockedUntil[SRV_ACCOUNT_COUNT];  /* 0: not locked */
    LONGLONG Grown;                  /* bytes the share's files gained */
    SRV_CONNECTION Connections[SRV_MAX_CONNECTIONS];
};

/* srvipx.c */
int SrvInitialize(PSRV_SERVER Server, const SRV_OPTIONS *Options,
                  SRV_SEND_ROUTINE Send, PVOID SendContext);
void SrvReceiveFrame(PSRV_SERVER Server, const UCHAR *Frame, ULONG Length);
int SrvBuildReply(PSRV_SERVER Server, const ETH_HEADER *Eth, const IPX_HEADER *Ipx,
                  const UCHAR *Payload, ULONG Length, PUCHAR Frame, PULONG FrameLength);
void SrvLog(PSRV_SERVER Server, const char *Format, ...)
    __attribute__((format(printf, 2, 3)));
int SrvReset(PSRV_SERVER Server, ULONG Epoch);

/* srvconn.c */
void SrvSmbReceive(PSRV_SERVER Server, const ETH_HEADER *Eth, const IPX_HEADER *Ipx,
                   const UCHAR *Payload, ULONG Length);
void SrvConnectionsReset(PSRV_SERVER Server);
void SrvReleaseConnection(PSRV_CONNECTION Connection);
void SrvIdleTimeout(PSRV_SERVER Server);

/*
 * Handlers (srvsess.c, srvfile.c, srvdir.c) fill Reply->u and return
 * SRV_OK or an error; Scratch holds SMB_MAX_MESSAGE bytes that live until
 * the reply is encoded (where READ puts its data and SEARCH its entries).
 */
#define SRV_HANDLER_ARGUMENTS \
    PSRV_SERVER Server, PSRV_CONNECTION Connection, \
    const SMB_REQUEST *Request, PSMB_REPLY Reply, PUCHAR Scratch
typedef SRV_ERROR (*SRV_HANDLER)(SRV_HANDLER_ARGUMENTS);

/* srvsess.c */
SRV_ERROR SrvNegotiate(SRV_HANDLER_ARGUMENTS);
SRV_ERROR SrvSessionSetup(SRV_HANDLER_ARGUMENTS);
SRV_ERROR SrvLogoff(SRV_HANDLER_ARGUMENTS);
SRV_ERROR SrvTreeConnect(SRV_HANDLER_ARGUMENTS);
SRV_ERROR SrvTreeDisconnect(SRV_HANDLER_ARGUMENTS);
SRV_ERROR SrvEcho(SRV_HANDLER_ARGUMENTS);
void SrvAccountsReset(PSRV_SERVER Server);

/* srvfile.c */
SRV_ERROR SrvResolvePath(const char *SmbPath, char Path[NV_PATH_MAX]);
ULONG SrvUnixTime(PSRV_SERVER Server, time_t When);
USHORT SrvAttributes(const struct stat *Status);
void SrvCloseFiles(PSRV_CONNECTION Connection, USHORT Tid);
SRV_ERROR SrvOpen(SRV_HANDLER_ARGUMENTS);
SRV_ERROR SrvOpenAndX(SRV_HANDLER_ARGUMENTS);
SRV_ERROR SrvCreate(SRV_HANDLER_ARGUMENTS);
SRV_ERROR SrvClose(SRV_HANDLER_ARGUMENTS);
SRV_ERROR SrvFlush(SRV_HANDLER_ARGUMENTS);
SRV_ERROR SrvRead(SRV_HANDLER_ARGUMENTS);
SRV_ERROR SrvWrite(SRV_HANDLER_ARGUMENTS);
SRV_ERROR SrvDelete(SRV_HANDLER_ARGUMENTS);
SRV_ERROR SrvRename(SRV_HANDLER_ARGUMENTS);
SRV_ERROR SrvQueryInformation(SRV_HANDLER_ARGUMENTS);
SRV_ERROR SrvSetInformation(SRV_HANDLER_ARGUMENTS);

/* srvdir.c */
void SrvDosPattern(const char *Pattern, char *Out);
SRV_ERROR SrvCheckPattern(const char *Pattern);
SRV_ERROR SrvSearch(SRV_HANDLER_ARGUMENTS);
SRV_ERROR SrvCreateDirectory(SRV_HANDLER_ARGUMENTS);
SRV_ERROR SrvDeleteDirectory(SRV_HANDLER_ARGUMENTS);
SRV_ERROR SrvCheckDirectory(SRV_HANDLER_ARGUMENTS);
SRV_ERROR SrvQueryDisk(SRV_HANDLER_ARGUMENTS);

#endif

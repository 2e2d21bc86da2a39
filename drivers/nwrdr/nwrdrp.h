/*
 * nwrdrp.h - NWRDR's insides: the NetWare redirector, a file-system driver
 * over the NCP client (ncpclient.h). Its public face is include/nwrdr.h.
 *
 * The objects, from the top:
 *   NWR_CONTEXT  a user context: one per process (the KB: "a separate
 *                user context for each process"), keyed by the process the
 *                request is made for (SeCaptureSubjectContext, so CSRSS
 *                impersonating a caller counts as the caller), with the
 *                process's logon session. Made by the first connection the
 *                process creates, ended when the process ends. With
 *                nwrctx=logon (the control: RDR's policy) the key is the
 *                logon session instead, and the context ends with the
 *                session (SeRegisterLogonSessionTerminatedRoutine).
 *   NWR_SERVER   a context's connection to one file server: its own NCP
 *                connection, login and task; its own worker thread (the
 *                FSP) that runs its reads and writes, one at a time, as
 *                NCP allows one request per connection. One that died
 *                (the server dropped it or went silent) stays in its
 *                context, held by its ties and opens, whose requests fail
 *                at once; the context's next tie to that server makes a
 *                new connection beside it.
 *   NWR_TIE      a drive letter of a context, ";X:" tied to SERVER\VOLUME
 *                on one of its servers: what "\Device\NwRdr\;X:\SERVER\VOLUME"
 *                names.
 *   NWR_FCB      FILE_OBJECT.FsContext: a file or directory of a tie, its
 *                NetWare path, kind, size and dates, and a pending delete,
 *                shared by every open of that path (a delete happens when
 *                the last of them is cleaned up, as on NT).
 *   NWR_CCB      FsContext2: one open - its own NCP file handle (NetWare
 *                keeps the sharing rules between them) and its listing.
 *                An open of the redirector itself has the one device FCB
 *                and no CCB. Nothing here caches data.
 *
 * Files:
 *   nwrinit.c   DriverEntry, Unload, the dispatch table, the process
 *               notification, stop and start
 *   nwrctx.c    contexts, servers (SAP cache, connect, login), ties;
 *               references and teardown
 *   nwrfsctl.c  IRP_MJ_FILE_SYSTEM_CONTROL: the FSCTLs of nwrdr.h
 *   nwrcreate.c IRP_MJ_CREATE, CLEANUP, CLOSE: names, access, dispositions
 *   nwrfsp.c    the per-server work queue and its worker thread; cancel
 *   nwrrw.c     IRP_MJ_READ and IRP_MJ_WRITE, on the worker
 *   nwrinfo.c   QUERY_INFORMATION, QUERY_VOLUME_INFORMATION,
 *               DIRECTORY_CONTROL
 *   nwrset.c    SET_INFORMATION (end of file, delete, rename), FLUSH_BUFFERS
 *   nwrname.c   names, and what NCP's answers become (no kernel calls;
 *               nwrname.h, fuzzed on the host)
 *
 * Locks. NwrData.Lock (a mutex, PASSIVE only) guards the context list,
 * every context's server and tie lists, every object's reference count
 * and flags, and NwrData.Stopped; it is never held across the wire or a
 * wait for a worker. An NCP connection's own mutex (ncpclient.c)
 * serializes the requests on it. A server's work queue is guarded by the
 * I/O cancel spinlock, as NT's cancel-safe queues are.
 *
 * References. A context holds its servers and ties; a tie holds its
 * server; an FCB holds its tie; a CCB holds its FCB; queued work holds
 * nothing extra (its FCB does). When a server's last reference goes, its
 * worker is stopped and its NCP connection ended (End of Job, logout,
 * destroy): whoever drops it must be at PASSIVE, never a worker of that
 * server.
 */
#ifndef NWRDRP_H
#define NWRDRP_H

#include "io/io.h"
#include "ps/ps.h"
#include "nwrdr.h"
#include "drivers/nwrdr/ncpclient.h"
#include "drivers/nwrdr/nwrname.h"

#define NWR_TAG             POOL_TAG('N', 'w', 'R', 'd')
#define NWR_FCB_TAG         POOL_TAG('N', 'w', 'F', 'c')
#define NWR_SAP_AGE_MS      60000   /* a SAP answer is trusted this long */
#define NWR_SAP_CACHE       8

typedef struct _NWR_CONTEXT {
    LIST_ENTRY Links;               /* NwrData.Contexts */
    LONG References;
    ULONG ProcessId;                /* its process; per logon session: the first */
    LUID LogonId;
    LIST_ENTRY Servers;             /* NWR_SERVER.Links */
    LIST_ENTRY Ties;                /* NWR_TIE.Links */
    BOOLEAN Ended;                  /* off the list: no new servers or ties */
} NWR_CONTEXT, *PNWR_CONTEXT;

typedef struct _NWR_SERVER {
    LIST_ENTRY Links;               /* its context's Servers */
    PNWR_CONTEXT Context;           /* referenced */
    LONG References;
    CHAR Name[NWR_MAX_SERVER];
    CHAR UserName[NWR_MAX_USER];
    PNCP_CONNECTION Ncp;
    USHORT BufferSize;              /* negotiated */
    volatile BOOLEAN Dead;          /* the server went silent or dropped us: every
                                       request fails at once, nothing more is sent,
                                       no new tie uses it (set once, without the lock) */
    /* The FSP: the cancel spinlock guards Queue and Stopping. */
    LIST_ENTRY Queue;               /* IRPs, by Tail.Apc.ApcListEntry */
    KEVENT Work;
    BOOLEAN Stopping;
    PETHREAD Worker;                /* referenced */
    PIRP Active;                    /* the IRP the worker has taken, on the wire
                                       (for gdb); only the worker writes it */
} NWR_SERVER, *PNWR_SERVER;

typedef struct _NWR_TIE {
    LIST_ENTRY Links;               /* its context's Ties */
    PNWR_CONTEXT Context;           /* not referenced: the context holds the tie */
    PNWR_SERVER Server;             /* referenced */
    LONG References;                /* the context's, and each open's */
    LONG OpenFiles;
    LIST_ENTRY Fcbs;                /* NWR_FCB.Links: the opens under it */
    CHAR Letter;
    CHAR Volume[NWR_MAX_VOLUME];
    UCHAR VolumeNumber;
    ULONG ProcessId;                /* the process that made it */
    BOOLEAN Deleted;                /* deleted with files open (forced) */
} NWR_TIE, *PNWR_TIE;

typedef enum _NWR_FCB_KIND {
    NwrFcbDevice,
    NwrFcbDirectory,
    NwrFcbFile,
} NWR_FCB_KIND;

/* FILE_OBJECT.FsContext: one file or directory of a tie, shared by every
   open of its path (NwrData.Lock guards the lists, counts and flag). */
typedef struct _NWR_FCB {
    LIST_ENTRY Links;               /* its tie's Fcbs */
    LIST_ENTRY Ccbs;                /* NWR_CCB.Links: its opens not yet cleaned up */
    LONG References;                /* its CCBs, until their CLOSE */
    ULONG OpenHandles;              /* its CCBs, until their CLEANUP */
    NWR_FCB_KIND Kind;
    PNWR_TIE Tie;                   /* referenced (it holds the server); NULL for the device */
    CHAR Path[NWR_MAX_PATH];        /* within the volume */
    ULONG Size;                     /* as NCP last said, and as writes grew it */
    USHORT UpdateDate, UpdateTime, CreationDate, AccessDate;
    UCHAR Attributes;
    BOOLEAN DeletePending;          /* erase (or remove the directory) at the last CLEANUP */
} NWR_FCB, *PNWR_FCB;

/* FILE_OBJECT.FsContext2: one open. */
typedef struct _NWR_CCB {
    LIST_ENTRY Links;               /* its FCB's Ccbs, until CLEANUP */
    PNWR_FCB Fcb;                   /* referenced */
    UCHAR Handle[NCP_FILE_HANDLE_LENGTH];   /* a file's: each open has its NCP open */
    /* A directory's listing: files, then subdirectories (NCP lists them
       apart), an entry that did not fit kept for the next call. */
    BOOLEAN Searching;
    UCHAR SearchPass;               /* 0: files, 1: directories, 2: done */
    NCP_SEARCH Search;
    ULONG ListIndex;
    BOOLEAN Held;
    NCP_SEARCH_ENTRY HeldEntry;
    CHAR Pattern[NWR_MAX_VOLUME];   /* the listing's, upper case ("*": all) */
} NWR_CCB, *PNWR_CCB;

/* A unit of FSP work: runs on the server's worker, returns the IRP's
   status and sets its Information. */
typedef NTSTATUS (*PNWR_WORK_ROUTINE)(PNWR_CCB Ccb, PIRP Irp);

typedef struct _NWR_DATA {
    PDEVICE_OBJECT Device;
    KMUTEX Lock;                    /* LockRankNwrData: first of all; never across the wire */
    LIST_ENTRY Contexts;
    BOOLEAN PerLogonSession;        /* nwrctx=logon: a context per logon session */
    BOOLEAN Stopped;
    ULONG Epoch;                    /* given to ncpserv at connect (NwrSetEpoch) */
    struct {
        CHAR Name[NWR_MAX_SERVER];
        SAP_ENTRY Entry;
        ULONG64 Time;               /* kernel time it was learned */
    } Sap[NWR_SAP_CACHE];
    NWR_STATISTICS Stats;
} NWR_DATA;

extern NWR_DATA NwrData;
extern NWR_FCB NwrDeviceFcb;        /* every open of \Device\NwRdr itself */

/* nwrinit.c; the first three for the boot driver table and the tests */
NTSTATUS NwrDriverEntry(PDRIVER_OBJECT Driver);
VOID NwrSetEpoch(ULONG Epoch);
VOID NwrFlushServerCache(VOID);
VOID NwrQueryStatistics(PNWR_STATISTICS Statistics);
NTSTATUS NwrComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information);
VOID NwrLock(VOID);
VOID NwrUnlock(VOID);

/* nwrctx.c */
PNWR_CONTEXT NwrReferenceCallerContext(BOOLEAN Create);
VOID NwrDereferenceContext(PNWR_CONTEXT Context);
NTSTATUS NwrCreateTie(PNWR_CONTEXT Context, const NWR_NAME *Name, PCSTR User,
                      PCSTR Password);
NTSTATUS NwrFindTie(PNWR_CONTEXT Context, const NWR_NAME *Name, PNWR_TIE *Tie);
NTSTATUS NwrDeleteTie(PNWR_CONTEXT Context, CHAR Letter, BOOLEAN Force, PCHAR Target,
                      ULONG TargetSize);
NTSTATUS NwrGetTie(PNWR_CONTEXT Context, CHAR Letter, PCHAR Remote, ULONG RemoteSize);
ULONG NwrListTies(PNWR_CONTEXT Context, PNWR_CONNECTION_INFO Info, ULONG Count);
NTSTATUS NwrLookupTarget(PCSTR Target, PULONG ProcessId);
VOID NwrReferenceTie(PNWR_TIE Tie);
VOID NwrDereferenceTie(PNWR_TIE Tie);
VOID NwrEndContext(ULONG ProcessId);
VOID NwrEndLogonContext(PLUID LogonId);
VOID NwrEndAllContexts(VOID);

NTSTATUS NwrNetworkStatus(PNWR_SERVER Server, NTSTATUS Status);
NTSTATUS NwrCheckOpen(const NWR_FCB *Fcb);

/* nwrfsp.c */
NTSTATUS NwrStartWorker(PNWR_SERVER Server);
VOID NwrStopWorker(PNWR_SERVER Server);
NTSTATUS NwrPostWork(PNWR_SERVER Server, PIRP Irp, PNWR_WORK_ROUTINE Routine);

/* nwrcreate.c */
NTSTATUS NwrCreate(PDEVICE_OBJECT Device, PIRP Irp);
NTSTATUS NwrCleanup(PDEVICE_OBJECT Device, PIRP Irp);
NTSTATUS NwrClose(PDEVICE_OBJECT Device, PIRP Irp);

/* nwrrw.c */
NTSTATUS NwrRead(PDEVICE_OBJECT Device, PIRP Irp);
NTSTATUS NwrWrite(PDEVICE_OBJECT Device, PIRP Irp);

/* nwrfsctl.c */
NTSTATUS NwrFsControl(PDEVICE_OBJECT Device, PIRP Irp);

/* nwrset.c */
NTSTATUS NwrSetInformation(PDEVICE_OBJECT Device, PIRP Irp);
NTSTATUS NwrFlush(PDEVICE_OBJECT Device, PIRP Irp);
VOID NwrNcpPath(const NWR_FCB *Fcb, PCSTR Path, PCHAR Out, ULONG Size);

/* nwrinfo.c */
NTSTATUS NwrQueryInformation(PDEVICE_OBJECT Device, PIRP Irp);
NTSTATUS NwrQueryVolume(PDEVICE_OBJECT Device, PIRP Irp);
NTSTATUS NwrDirectoryControl(PDEVICE_OBJECT Device, PIRP Irp);

#endif

/*
 * ipxp.h - the IPX driver's own types, shared by ipxdrv.c and ipxrecv.c.
 *
 * Locks, in the order they nest:
 *   the cancel spinlock (IoAcquireCancelSpinLock) guards IpxPending - the
 *     list of pending receives - and each IPX_PENDING's Queued, Expect and
 *     the IRP's cancel routine; whoever takes an entry off the list owns
 *     completing its IRP, and stops its timer first;
 *   Ipx.Lock guards the sockets, the park ring, the route cache, the
 *     counters and the framing sends use (Framing: set at load, or once by
 *     auto's learning); never held while an IRP is completed.
 */
#ifndef IPXP_H
#define IPXP_H

#include "io/io.h"
#include "drivers/ipx/ipx.h"
#include "drivers/ne2000/miniport.h"

#define IPX_SOCKET_TAG      POOL_TAG('I', 'p', 'x', 'S')
#define IPX_PENDING_TAG     POOL_TAG('I', 'p', 'x', 'R')
#define IPX_PARK_SLOTS      32
#define IPX_ROUTES          8
#define IPX_PCT_WAIT_MS     5000    /* a chosen frame must arrive within this */

typedef struct _IPX_SOCKET {
    LIST_ENTRY Link;                /* Ipx.Sockets */
    USHORT Number;
    PFILE_OBJECT File;
} IPX_SOCKET, *PIPX_SOCKET;

/* What a completed receive puts in the IRP's buffer. */
typedef enum _IPX_RESULT_KIND { IpxRaw, IpxSap, IpxRip } IPX_RESULT_KIND;

typedef struct _IPX_PENDING {
    LIST_ENTRY Link;                /* IpxPending, under the cancel spinlock */
    PIRP Irp;
    PIPX_SOCKET Socket;
    IPX_MATCH Match;
    IPX_RESULT_KIND Kind;
    ULONG Watermark;                /* frames numbered below this came too early */
    BOOLEAN Queued;                 /* on IpxPending */
    BOOLEAN Expect;                 /* pct: counted in Ipx.Expected, time jump held */
    LONG References;                /* the list's and the dispatch routine's */
    KTIMER Timer;
    KDPC Dpc;                       /* the time-out */
    KDPC CompleteDpc;               /* pct: completes a delivered answer */
    NTSTATUS Status;                /* pct: the delivered answer's */
    ULONG_PTR Information;
} IPX_PENDING, *PIPX_PENDING;

/* A datagram kept until a receive wants it (no pool: parking is silent). */
typedef struct _IPX_PARKED {
    BOOLEAN InUse;
    ULONG Number;                   /* arrival order */
    USHORT Socket;
    IPX_HEADER Header;
    ULONG Length;
    UCHAR Data[IPX_MAX_DATA];
} IPX_PARKED;

typedef struct _IPX_ROUTE {
    ULONG Network;
    UCHAR Mac[6];
} IPX_ROUTE;

typedef struct _IPX_GLOBALS {
    KSPIN_LOCK Lock;                /* LockRankIpx: under the cancel lock, over the card's */
    PDEVICE_OBJECT Device;
    PNE2K_ADAPTER Adapter;          /* bound while any socket is open */
    UCHAR Mac[6];
    ULONG Network;
    ULONG FrameSetting;             /* ipxframe=, as IPX_STATISTICS has it */
    IPX_FRAME_TYPE Framing;         /* sends; IpxFrameNone while auto probes */
    LIST_ENTRY Sockets;
    USHORT NextDynamic;
    ULONG FramesSeen;               /* numbers every frame taken from the card */
    ULONG Expected;                 /* pending receives with Expect (pct) */
    ULONG ParkNext;
    IPX_PARKED Park[IPX_PARK_SLOTS];
    IPX_ROUTE Routes[IPX_ROUTES];
    KSCHED_SOURCE Source;           /* pct: delivery as a scheduler decision */
    ULONG Random;                   /* pct: which receive, and drops */
    ULONG DropPercent;
    IPX_STATISTICS Stats;
    UCHAR Frame[MP_MAX_FRAME];      /* pct: the frame being taken from the inbox */
} IPX_GLOBALS;

extern IPX_GLOBALS Ipx;

/* ipxdrv.c. A probe (a SAP query, a RIP request) goes out in every
   framing while auto has learnt none. */
NTSTATUS IpxSendDatagram(PIPX_SOCKET Socket, const IPX_DATAGRAM *Datagram, const UCHAR *Data,
                         BOOLEAN Probe);
BOOLEAN IpxPct(VOID);

/* ipxrecv.c */
VOID IpxInitializeReceive(VOID);
VOID IpxBindReceive(VOID);
VOID IpxUnbindReceive(VOID);
NTSTATUS IpxPostReceive(PIRP Irp, PIPX_SOCKET Socket, const IPX_RECEIVE *Receive,
                        IPX_RESULT_KIND Kind, const IPX_DATAGRAM *Send, const UCHAR *Data);
VOID IpxCancelSocketReceives(PIPX_SOCKET Socket);
VOID IpxReceiveIndication(PVOID Context, PNE2K_ADAPTER Adapter, const UCHAR *Frame,
                          ULONG Length);
BOOLEAN IpxLookupRoute(ULONG Network, UCHAR Mac[6]);

#endif

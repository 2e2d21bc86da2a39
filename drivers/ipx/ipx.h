/*
 * ipx.h - the IPX transport's face to its clients (the NCP client, tests,
 * later NWRDR): \Device\Ipx, one IPX socket per open, datagrams through
 * NtDeviceIoControlFile. Driver: ipxdrv.c (device, sockets, send, IOCTLs)
 * and ipxrecv.c (receive: matching, time-outs, cancel, the PCT source).
 *
 * Opening. NtCreateFile on "\Device\Ipx\NNNN", NNNN the socket number in
 * hexadecimal; "\Device\Ipx\0" takes a dynamic socket (0x4000 up, in
 * order). A socket in use is STATUS_OBJECT_NAME_COLLISION; no card is
 * STATUS_NO_SUCH_DEVICE. The driver binds to the first NE2000 at the first
 * open and lets go at the last close. CLEANUP cancels the file's pending
 * receives; CLOSE frees the socket.
 *
 * IOCTLs (METHOD_BUFFERED; the output of a receive is an IPX_DATAGRAM
 * followed by the data, cut to the output buffer, DataLength the real size):
 *   IOCTL_IPX_QUERY_ADDRESS   out IPX_ADDRESS (network 0 until learned)
 *   IOCTL_IPX_SEND            in IPX_DATAGRAM + data (at most IPX_MAX_DATA)
 *   IOCTL_IPX_RECEIVE         in IPX_RECEIVE; out IPX_DATAGRAM + data.
 *                             Pended until a matching datagram comes
 *                             (STATUS_SUCCESS), the time-out passes
 *                             (STATUS_IO_TIMEOUT) or it is cancelled
 *   IOCTL_IPX_TRANSACT        in IPX_TRANSACT + data: a receive posted
 *                             first, then the send; no datagram that came
 *                             in before the send can answer it
 *   IOCTL_IPX_SAP_QUERY       in IPX_SAP_QUERY; out IPX_SAP_RESULT: the
 *                             first response to a SAP query broadcast
 *   IOCTL_IPX_RIP_REQUEST     in IPX_RIP_QUERY; out RIP_ENTRY; the router's
 *                             MAC is kept for sends to that network
 *   IOCTL_IPX_QUERY_STATISTICS out IPX_STATISTICS (counters, the framing)
 *   IOCTL_IPX_SET_PCT_DROP    in ULONG percent: under sched=pct, the share
 *                             of deliveries the scheduler turns into loss
 * Matching is on the IPX header (source network, node, socket, packet
 * type) and a masked pattern in the data - never on the Ethernet source.
 *
 * Framing (ipxframe= at boot; ipxwire.h describes the four). Every frame
 * in any of the four framings is received. Sends use one: the one named,
 * Ethernet II by default. ipxframe=auto learns it as NWLink's auto-detect
 * does: until learnt, a SAP query or RIP request (IOCTL_IPX_SAP_QUERY,
 * IOCTL_IPX_RIP_REQUEST) goes out once in each framing, and any other
 * datagram goes in 802.2, the framing NWLink falls back to; the first SAP
 * response that names a file server (server type 4), in whatever framing
 * it comes, fixes the framing of every send after it, until reboot.
 *
 * sched=pct: a datagram reaches a receive only when the scheduler delivers
 * (see ipxrecv.c). A receive with IPX_MATCH_EXPECT (a transact always has
 * it once its request is out) says the peer owes a frame: kernel time does
 * not jump while one is outstanding. A receive without it is answered only
 * by its time-out under pct.
 */
#ifndef IPX_H
#define IPX_H

#include "ntdef.h"
#include "ntio.h"
#include "drivers/ipx/ipxwire.h"

#define IPX_DEVICE_NAME         "\\Device\\Ipx"
#define IPX_DYNAMIC_FIRST       0x4000
#define IPX_DYNAMIC_LAST        0x7FFF
#define IPX_MAX_DATA            (IPX_MAX_PACKET - IPX_HEADER_LENGTH)

#define IPX_CTL(f)  CTL_CODE(0x12 /* FILE_DEVICE_NETWORK */, 0x800 + (f), METHOD_BUFFERED, \
                             FILE_ANY_ACCESS)
#define IOCTL_IPX_QUERY_ADDRESS     IPX_CTL(0)
#define IOCTL_IPX_SEND              IPX_CTL(1)
#define IOCTL_IPX_RECEIVE           IPX_CTL(2)
#define IOCTL_IPX_TRANSACT          IPX_CTL(3)
#define IOCTL_IPX_SAP_QUERY         IPX_CTL(4)
#define IOCTL_IPX_RIP_REQUEST       IPX_CTL(5)
#define IOCTL_IPX_QUERY_STATISTICS  IPX_CTL(6)
#define IOCTL_IPX_SET_PCT_DROP      IPX_CTL(7)

/* A datagram: where it goes (send) or came from (receive), then data. */
typedef struct _IPX_DATAGRAM {
    IPX_ADDRESS Remote;
    UCHAR PacketType;
    ULONG DataLength;
} IPX_DATAGRAM, *PIPX_DATAGRAM;

/* IPX_MATCH.Flags */
#define IPX_MATCH_NETWORK       0x01
#define IPX_MATCH_NODE          0x02
#define IPX_MATCH_SOCKET        0x04
#define IPX_MATCH_PACKET_TYPE   0x08
#define IPX_MATCH_EXPECT        0x100   /* the peer owes this frame (pct) */
#define IPX_PATTERN_MAX         8

/* Which datagrams answer a receive: the flagged fields of From and
   PacketType equal, and (data[Offset + i] & Mask[i]) == Pattern[i]. */
typedef struct _IPX_MATCH {
    ULONG Flags;
    IPX_ADDRESS From;
    UCHAR PacketType;
    UCHAR PatternOffset, PatternLength;
    UCHAR Pattern[IPX_PATTERN_MAX], Mask[IPX_PATTERN_MAX];
} IPX_MATCH, *PIPX_MATCH;

typedef struct _IPX_RECEIVE {
    ULONG TimeoutMs;        /* kernel time; 1..IPX_MAX_TIMEOUT_MS */
    IPX_MATCH Match;
} IPX_RECEIVE, *PIPX_RECEIVE;

#define IPX_MAX_TIMEOUT_MS      60000

typedef struct _IPX_TRANSACT {
    IPX_RECEIVE Receive;
    IPX_DATAGRAM Send;      /* Send.DataLength bytes follow */
} IPX_TRANSACT, *PIPX_TRANSACT;

typedef struct _IPX_SAP_QUERY {
    USHORT QueryType;       /* SAP_NEAREST_QUERY or SAP_GENERAL_QUERY */
    USHORT ServerType;
    ULONG TimeoutMs;
} IPX_SAP_QUERY, *PIPX_SAP_QUERY;

typedef struct _IPX_SAP_RESULT {
    USHORT ResponseType;
    ULONG Count;
    SAP_ENTRY Entries[SAP_MAX_ENTRIES];
} IPX_SAP_RESULT, *PIPX_SAP_RESULT;

typedef struct _IPX_RIP_QUERY {
    ULONG Network;
    ULONG TimeoutMs;
} IPX_RIP_QUERY, *PIPX_RIP_QUERY;

/* IPX_STATISTICS.FrameSetting and FrameInUse, beside an IPX_FRAME_TYPE. */
#define IPX_FRAME_AUTO          ((ULONG)IpxFrameTypeCount)

typedef struct _IPX_STATISTICS {
    ULONG FramesIn;         /* frames the card gave us */
    ULONG BadFrames;        /* IPX frames truncated, oversized or lying */
    ULONG NotIpx;           /* another ethertype, or 802.3 carrying no IPX */
    ULONG NoSocket;         /* to no open socket of ours */
    ULONG Delivered;        /* datagrams that answered a receive */
    ULONG Parked, ParkOverflow;     /* kept for a later receive; pushed out */
    ULONG Sent, SendErrors; /* frames (a probe is one per framing) */
    ULONG TimedOut, Cancelled;
    ULONG PctDeliveries, PctDrops;  /* scheduler decisions */
    ULONG FrameSetting;     /* ipxframe=: an IPX_FRAME_TYPE or IPX_FRAME_AUTO */
    ULONG FrameInUse;       /* what sends use: the setting, the framing auto
                               learnt, or IPX_FRAME_AUTO while it probes */
    ULONG ReceivedByFrame[IpxFrameTypeCount];  /* good IPX frames in, per framing */
    ULONG SentByFrame[IpxFrameTypeCount];      /* frames sent, per framing */
} IPX_STATISTICS, *PIPX_STATISTICS;

/* \Driver\Ipx, in the boot driver table after the NE2000: binds to the
   first card; STATUS_NO_SUCH_DEVICE when there is none. */
struct _DRIVER_OBJECT;
NTSTATUS IpxDriverEntry(struct _DRIVER_OBJECT *Driver);
VOID IpxResetDynamicSockets(VOID);
VOID IpxQueryStatistics(PIPX_STATISTICS Statistics);

#endif

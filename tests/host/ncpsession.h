/*
 * ncpsession.h - the host test client's NCP engine: it plays QEMU's side of
 * -netdev dgram (one Ethernet frame per UDP datagram) against ncpserv, as a
 * station with MAC NC_CLIENT_MAC and IPX socket NC_CLIENT_SOCKET, and keeps
 * every frame it sends and receives in a pcap. It speaks one framing
 * (FrameType, Ethernet II after NcOpen) and counts, then ignores, IPX
 * frames in any other.
 *
 * NcTransact sends a request and waits for the reply that matches it
 * (type 0x3333, same sequence and connection), retransmitting on time-out;
 * 0x9999 means "keep waiting"; anything else is counted and ignored, which
 * is how duplicates and stale replies are survived. The counts tell the
 * tests which fault the server injected.
 *
 * Interface:
 *   NcOpen, NcClose, NcFindServer (SAP + RIP), NcTransact, NcTransactRaw,
 *   NcControlReset
 */
#ifndef NCPSESSION_H
#define NCPSESSION_H

#include <netinet/in.h>
#include <stdio.h>

#include "ntdef.h"
#include "drivers/ipx/ipxwire.h"
#include "drivers/nwrdr/ncpwire.h"

#define NC_CLIENT_MAC    { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 }
#define NC_CLIENT_SOCKET 0x4100

typedef struct _NC_STATS {
    unsigned long Transactions;      /* NCP requests sent the first time */
    unsigned long Retransmits;
    unsigned long Busy;              /* 0x9999 received */
    unsigned long Ignored;           /* frames matching nothing awaited */
    unsigned long OtherFraming;      /* IPX frames in a framing not ours */
} NC_STATS;

typedef struct _NC_CLIENT {
    int Socket;
    struct sockaddr_in Server;
    UCHAR Mac[ETH_ADDRESS_LENGTH];
    UCHAR ServerMac[ETH_ADDRESS_LENGTH];
    IPX_FRAME_TYPE FrameType;        /* what it sends and listens to */
    IPX_ADDRESS Address;
    IPX_ADDRESS ServerAddress;       /* NCP socket of the server */
    USHORT Connection;
    UCHAR Sequence;
    UCHAR Task;
    int TimeoutMs;
    int Retries;
    FILE *Pcap;
    FILE *Replies;                   /* every NCP reply payload, for cmp */
    int Verbose;
    UCHAR ControlKey[NCP_CONTROL_KEY_LENGTH];   /* what a reset must carry */
    NC_STATS Stats;
    UCHAR Frame[ETH_MAX_FRAME];      /* the last reply; Data points here */
} NC_CLIENT;

/* Port: the local UDP port (0: any), so that runs can share a server's one peer. */
int NcOpen(NC_CLIENT *Client, const char *Server, int Port, const char *PcapPath,
           const char *RepliesPath);
void NcClose(NC_CLIENT *Client);
int NcFindServer(NC_CLIENT *Client, char *Name, size_t NameSize);
/*
 * Fills the header (type from Request, sequence, connection, task) and
 * exchanges. STATUS_IO_TIMEOUT when every retransmission went unanswered.
 */
NTSTATUS NcTransact(NC_CLIENT *Client, NCP_REQUEST *Request, NCP_REPLY *Reply);
/* The same for a request the codec cannot encode (an unknown function):
   Request gives the function, Body the bytes after the header. */
NTSTATUS NcTransactRaw(NC_CLIENT *Client, NCP_REQUEST *Request, const UCHAR *Body,
                       ULONG BodyLength, NCP_REPLY *Reply);
NTSTATUS NcControlReset(NC_CLIENT *Client, ULONG Epoch);

#endif

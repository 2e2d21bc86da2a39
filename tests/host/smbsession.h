/*
 * smbsession.h - the host test client's SMB engine: it plays QEMU's side
 * of -netdev dgram against smbserv, as a station with MAC SC_CLIENT_MAC
 * whose redirector has IPX socket 0x0552, keeps every frame it sends and
 * receives in a pcap, and builds and reads every message with the codec
 * the redirector will use (drivers/lanman/smbwire.h).
 *
 * ScTransact fills the connectionless header (Key, Sid, the next sequence
 * number - 0 for NEGOTIATE and ECHO, which are unsequenced - Tid, Uid, a
 * new Mid), sends, and waits for the reply with the same Mid and command,
 * retransmitting the same bytes on time-out; anything else is counted and
 * ignored. The last request's and reply's bytes stay in the client so
 * that a test can send the request again (ScRetransmit) and compare.
 *
 * Interface:
 *   ScOpen, ScClose, ScFindServer (NMPI), ScTransact, ScRetransmit,
 *   ScControlReset
 */
#ifndef SMBSESSION_H
#define SMBSESSION_H

#include <netinet/in.h>
#include <stdio.h>

#include "ntdef.h"
#include "drivers/ipx/ipxwire.h"
#include "drivers/lanman/smbwire.h"
#include "drivers/nwrdr/ncpwire.h"

#define SC_CLIENT_MAC { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 }
/* The harness's control messages go from a socket of their own: from the
   redirector's, tshark would read them as SMB. */
#define SC_HARNESS_SOCKET 0x4100

typedef struct _SC_CLIENT {
    int Socket;
    struct sockaddr_in Server;
    UCHAR Mac[ETH_ADDRESS_LENGTH];
    UCHAR ServerMac[ETH_ADDRESS_LENGTH];
    IPX_FRAME_TYPE FrameType;
    IPX_ADDRESS Address;
    IPX_ADDRESS ServerAddress;       /* the SMB socket, once found */
    ULONG Key;
    USHORT Sid, Sequence, Tid, Uid, Mid;
    int TimeoutMs;
    int Retries;
    FILE *Pcap;
    UCHAR ControlKey[NCP_CONTROL_KEY_LENGTH];
    unsigned long Transactions, Retransmits, Ignored;
    UCHAR Request[ETH_MAX_FRAME];    /* the last request's SMB bytes */
    ULONG RequestLength;
    UCHAR Reply[ETH_MAX_FRAME];      /* the last reply's; Data points here */
    ULONG ReplyLength;
    UCHAR Frame[ETH_MAX_FRAME];
} SC_CLIENT;

int ScOpen(SC_CLIENT *Client, const char *Server, int Port, const char *PcapPath);
void ScClose(SC_CLIENT *Client);
int ScFindServer(SC_CLIENT *Client, const char *Name);
NTSTATUS ScTransact(SC_CLIENT *Client, SMB_REQUEST *Request, SMB_REPLY *Reply);
/* The last request's bytes again; its reply's bytes in Client->Reply. */
NTSTATUS ScRetransmit(SC_CLIENT *Client);
NTSTATUS ScControlReset(SC_CLIENT *Client, ULONG Epoch);

#endif

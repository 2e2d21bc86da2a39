/*
 * dglink.h - a host server's end of QEMU's dgram netdev: what ncpserv and
 * smbserv share of the wire and the command line around it.
 *
 * QEMU side:  -netdev dgram,id=n0,local.type=inet,local.host=127.0.0.1,
 *             local.port=A,remote.type=inet,remote.host=127.0.0.1,remote.port=B
 * server:     --listen 127.0.0.1:B --peer 127.0.0.1:A
 * Each datagram is one Ethernet frame. A link has one peer: the --peer it
 * was given, or else the source of the first datagram it receives; either
 * way it is fixed from then on, and datagrams from any other address are
 * dropped (and logged), so no other local process can take the link over.
 * Only the --listen address is bound; with port 0 the kernel picks it, and
 * the "ready" line says which.
 *
 * SIGTERM and SIGINT stop the loop: DlWait returns at once when one came
 * (no SA_RESTART, so a poll in progress ends with EINTR).
 *
 * Interface:
 *   DlParseAddress, DlParseKey, DlParseFrame, DlParseNumber
 *                      the options both servers take
 *   DlKeyMatches       a control key compared in constant time
 *   DlOpen, DlClose    bind the listen address, note the peer
 *   DlReady            the "NAME: ready on HOST:PORT" line on stdout
 *   DlSend             a frame to the peer (none known yet: -1)
 *   DlCatchStop, DlStopping
 *                      SIGTERM and SIGINT as a request to stop
 *   DlWait, DlRead     a datagram within a time-out, then the frame in it
 *                      if the peer sent it (a server's clock can run
 *                      between the two, before a new peer is learnt)
 */
#ifndef DGLINK_H
#define DGLINK_H

#include <netinet/in.h>

#include "ntdef.h"
#include "drivers/ipx/ipxwire.h"

/* Where the link's notes go (a server's verbose log): one line, no '\n'. */
typedef void (*PDL_LOG)(void *Context, const char *Line);

typedef struct _DL_LINK {
    int Socket;
    struct sockaddr_in Local;
    struct sockaddr_in Peer;
    BOOLEAN HavePeer;
    PDL_LOG Log;
    void *LogContext;
} DL_LINK, *PDL_LINK;

int DlParseAddress(const char *Text, struct sockaddr_in *Address);
int DlParseKey(const char *Text, UCHAR *Key, ULONG Length);
int DlParseFrame(const char *Text, IPX_FRAME_TYPE *Frame);
int DlParseNumber(const char *Text, int Base, ULONG *Value);
BOOLEAN DlKeyMatches(const UCHAR *Given, const UCHAR *Expected, ULONG Length);

int DlOpen(PDL_LINK Link, const char *Name, const char *Listen, const char *Peer,
           PDL_LOG Log, void *LogContext);
void DlClose(PDL_LINK Link);
void DlReady(const DL_LINK *Link, const char *Name);
int DlSend(PDL_LINK Link, const UCHAR *Frame, ULONG Length);

void DlCatchStop(void);
BOOLEAN DlStopping(void);
int DlWait(PDL_LINK Link, int TimeoutMs);
int DlRead(PDL_LINK Link, UCHAR *Frame, ULONG Size);

#endif

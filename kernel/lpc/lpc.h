/*
 * lpc.h - local procedure calls: ports (Ob objects of type "Port") and the
 * messages queued on them. The native calls are in include/ntlpc.h.
 *
 * Interface:
 *   port.c     LpcInitSystem, the Port type and its Close and Delete
 *              procedures; NtCreatePort, NtConnectPort, NtAcceptConnectPort;
 *              LpcIsPortServed
 *   message.c  NtRequestWaitReplyPort, NtReplyPort, NtReplyWaitReceivePort,
 *              NtImpersonateClientOfPort;
 *              LpcpQueueMessage, LpcpFreeMessage, LpcpDrainQueue
 *
 * A server connection port owns one queue: every request its clients send
 * on their communication ports, and every connection request, waits there
 * until a server thread receives it; it is then "being served" (on the
 * port's ServedHead) until the reply. A client thread that sent a request
 * waits on its own LPCP_WAIT (on its stack) for the reply, or for its port
 * or the server's to be closed; when it stops waiting without a reply it
 * unhooks the LPCP_WAIT from the message, and the server's reply is then
 * dropped (STATUS_PORT_DISCONNECTED to the server; the server does not
 * crash and nothing leaks).
 *
 * LpcpLock (a spinlock) must be held when using: every port's ReceiveHead,
 * ServedHead, Closed and Accepted; every message's Waiter; every LPCP_WAIT's
 * Done and Status. The client's wait event is set with the lock held, so a
 * client that wakes for another reason and takes the lock sees either no
 * reply (and unhooks) or the whole reply. No object is dereferenced with
 * the lock held (a Delete procedure may take it).
 *
 * Send and receive are schedule points (POINT_LPC): just before a message
 * is queued and just before a server thread waits for one.
 */
#ifndef LPC_H
#define LPC_H

#include "ntdef.h"
#include "ntlpc.h"
#include "ke/ke.h"
#include "ob/ob.h"

#define LPC_TAG_PORT        POOL_TAG('L', 'p', 'P', 'o')
#define LPC_TAG_MESSAGE     POOL_TAG('L', 'p', 'M', 's')

/* LPCP_PORT_OBJECT.Flags */
#define SERVER_CONNECTION_PORT      0x01
#define CLIENT_COMMUNICATION_PORT   0x03

typedef struct _LPCP_PORT_OBJECT {
    ULONG Flags;
    ULONG MaxMessageLength;
    /* A client port: the server's connection port (referenced), the context
       the server gave at accept, and the process that connected. */
    struct _LPCP_PORT_OBJECT *ConnectionPort;
    PVOID PortContext;
    ULONG ClientProcessId;
    /* A connection port: the queue and what counts it. */
    LIST_ENTRY ReceiveHead;     /* LPCP_MESSAGE.Entry, oldest first */
    LIST_ENTRY ServedHead;      /* received, not yet replied to */
    KSEMAPHORE Semaphore;       /* one per queued message */
    /* Both: set (notification) when the last handle closes. */
    KEVENT ClosedEvent;
    BOOLEAN Closed;
    BOOLEAN Accepted;
} LPCP_PORT_OBJECT, *PLPCP_PORT_OBJECT;

/* A client thread waiting for its answer (lives on its stack). */
typedef struct _LPCP_WAIT {
    KEVENT Event;
    PPORT_MESSAGE Reply;        /* where the reply goes (a buffer on the client's
                                   kernel stack); NULL for a connection */
    BOOLEAN Done;
    NTSTATUS Status;
} LPCP_WAIT, *PLPCP_WAIT;

typedef struct _LPCP_MESSAGE {
    LIST_ENTRY Entry;
    PLPCP_PORT_OBJECT SenderPort;   /* referenced; NULL for none */
    PLPCP_WAIT Waiter;              /* NULL: nobody waits (datagram, or gone) */
    PORT_MESSAGE Request;           /* header, then data */
    UCHAR Data[PORT_MAXIMUM_MESSAGE_LENGTH - sizeof(PORT_MESSAGE)];
} LPCP_MESSAGE, *PLPCP_MESSAGE;

extern POBJECT_TYPE LpcPortObjectType;
extern KSPIN_LOCK LpcpLock;

/* message.c: the serial message ids (a scenario's baseline) */
ULONG LpcQueryMessageIds(VOID);
VOID LpcSetMessageIds(ULONG Last);

/* port.c */
VOID LpcInitSystem(VOID);
NTSTATUS LpcpReferencePort(HANDLE Handle, PLPCP_PORT_OBJECT *Port);
BOOLEAN LpcIsPortServed(PVOID Port);

/* message.c */
PLPCP_MESSAGE LpcpAllocateMessage(PLPCP_PORT_OBJECT Sender, const PORT_MESSAGE *Message,
                                  USHORT Type);
NTSTATUS LpcpQueueMessage(PLPCP_PORT_OBJECT ConnectionPort, PLPCP_MESSAGE Message);
VOID LpcpFreeMessage(PLPCP_MESSAGE Message);
VOID LpcpDrainQueue(PLPCP_PORT_OBJECT ConnectionPort);
NTSTATUS LpcpWaitForReply(PLPCP_PORT_OBJECT ClientPort, PLPCP_MESSAGE Message,
                          PLPCP_WAIT Wait, KPROCESSOR_MODE Mode);
NTSTATUS LpcpCaptureMessage(KPROCESSOR_MODE Mode, const PORT_MESSAGE *Caller, ULONG MaxLength,
                            PPORT_MESSAGE Copy);
PLPCP_MESSAGE LpcpTakeServed(PLPCP_PORT_OBJECT ConnectionPort, ULONG MessageId, USHORT Type);

#endif

/*
 * ntlpc.h - local procedure calls, as user/ sees them: ports and messages.
 *
 * A server creates a named connection port (NtCreatePort); a client
 * connects to it by name (NtConnectPort) and gets a communication port;
 * the server receives the connection request like any other message and
 * accepts or refuses it (NtAcceptConnectPort). Requests a client sends on
 * its port (NtRequestWaitReplyPort, which waits for the answer) arrive at
 * the server's connection port, where any number of server threads receive
 * them (NtReplyWaitReceivePort: reply to the last one, wait for the next).
 * The kernel fills each message's ClientId (the sender's process and
 * thread) and MessageId; the server cannot forge who asked.
 *
 * Simplified from NT, and said so: no port sections or views (a request
 * carries its data in itself; the kernel copies it from one process to
 * the other); no server communication port
 * (replies go through the connection port, which is all CSRSS uses), so
 * NtAcceptConnectPort takes the connection port's handle, returns none, and
 * also completes the connection (NtCompleteConnectPort's work); NtListenPort is not provided - a
 * receive on the connection port sees connection requests too.
 *
 * A server thread serving a request can act as its client
 * (NtImpersonateClientOfPort, on the connection port, with the request
 * it has received and not yet answered): until it reverts
 * (NtSetInformationThread, ThreadImpersonationToken, a NULL handle), what
 * asks who is calling - a redirector keeping a user context per process -
 * sees the client's process and logon session instead of the server's.
 */
#ifndef NTLPC_H
#define NTLPC_H

#include "ntdef.h"
#include "obtypes.h"
#include "ntio.h"
#include "ntteb.h"

/* PORT_MESSAGE.Type, NT's values. */
#define LPC_REQUEST             1
#define LPC_REPLY               2
#define LPC_DATAGRAM            3
#define LPC_PORT_CLOSED         5
#define LPC_CONNECTION_REQUEST  10

/* The largest message, header included. NT 3.51's is 0x148 and CSRSS
   passes bigger data through a section both processes map; irplab has no
   port sections, so its limit is large enough for its biggest message,
   the audit of one drive letter with its whole target list. */
#define PORT_MAXIMUM_MESSAGE_LENGTH 1024

typedef struct _PORT_MESSAGE {
    USHORT DataLength;          /* bytes after the header */
    USHORT TotalLength;         /* header + data */
    USHORT Type;                /* LPC_* (the kernel's) */
    USHORT DataInfoOffset;
    CLIENT_ID ClientId;         /* the sender (the kernel's) */
    ULONG MessageId;            /* the kernel's; a reply names its request by it */
    ULONG ClientViewSize;
} PORT_MESSAGE, *PPORT_MESSAGE;

#define PORT_ALL_ACCESS         0x001F0001u
#define PORT_CONNECT            0x00000001u

NTSTATUS NtCreatePort(PHANDLE PortHandle, POBJECT_ATTRIBUTES ObjectAttributes,
                      ULONG MaxConnectionInfoLength, ULONG MaxMessageLength,
                      ULONG MaxPoolUsage);
NTSTATUS NtConnectPort(PHANDLE PortHandle, PSTRING PortName, PVOID ConnectionInformation,
                       PULONG ConnectionInformationLength);
NTSTATUS NtAcceptConnectPort(HANDLE ConnectionPortHandle, PVOID PortContext,
                             PPORT_MESSAGE ConnectionRequest, BOOLEAN AcceptConnection);
NTSTATUS NtRequestWaitReplyPort(HANDLE PortHandle, PPORT_MESSAGE RequestMessage,
                                PPORT_MESSAGE ReplyMessage);
NTSTATUS NtReplyPort(HANDLE PortHandle, PPORT_MESSAGE ReplyMessage);
NTSTATUS NtReplyWaitReceivePort(HANDLE PortHandle, PVOID *PortContext,
                                PPORT_MESSAGE ReplyMessage, PPORT_MESSAGE ReceiveMessage);
NTSTATUS NtImpersonateClientOfPort(HANDLE PortHandle, PPORT_MESSAGE Message);

#endif

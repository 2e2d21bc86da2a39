/*
 * message.c - sending, receiving and answering messages: the client's
 * NtRequestWaitReplyPort, the server's NtReplyWaitReceivePort and
 * NtReplyPort, and the queue under them (lpc.h has the rules).
 *
 * A reply names its request by MessageId. When the client that asked has
 * stopped waiting (its port or its process went away), the reply is
 * dropped: the message is freed, LpcDroppedReplies counts it, and the
 * server is told STATUS_PORT_DISCONNECTED only by NtReplyPort; a server
 * thread in NtReplyWaitReceivePort goes on to its next request.
 *
 * No pointer crosses a process: a message is captured from its sender into
 * the kernel's LPCP_MESSAGE, and a reply into a buffer on the waiting
 * client's kernel stack; each side copies to its own memory, in its own
 * context (LpcpCaptureMessage, ExCopyToCaller).
 *
 * A server thread may act as the client of a request it is serving
 * (NtImpersonateClientOfPort): the request must be on the port's served
 * list, and its sender's process still running.
 */
#include <string.h>
#include "ex/ex.h"
#include "lpc/lpc.h"
#include "ps/ps.h"
#include "trace/trace.h"

static volatile ULONG LpcpNextMessageId;
volatile LONG LpcDroppedReplies;

/* The last message id given; a scenario sets it back with its baseline,
   so that the trace names messages alike in every schedule. */
ULONG LpcQueryMessageIds(VOID)
{
    return LpcpNextMessageId;
}

VOID LpcSetMessageIds(ULONG Last)
{
    LpcpNextMessageId = Last;
}

static ULONG LpcpMessageLength(const PORT_MESSAGE *Message)
{
    return sizeof(PORT_MESSAGE) + Message->DataLength;
}

/* A copy of the caller's message in Copy (room for the largest): its
   header, then as much data as the header says, no more than MaxLength
   in all (STATUS_PORT_MESSAGE_TOO_LONG). */
NTSTATUS LpcpCaptureMessage(KPROCESSOR_MODE Mode, const PORT_MESSAGE *Caller, ULONG MaxLength,
                            PPORT_MESSAGE Copy)
{
    NTSTATUS status = ExCopyFromCaller(Mode, Copy, Caller, sizeof(*Copy));

    if (!NT_SUCCESS(status))
        return status;
    if (LpcpMessageLength(Copy) > MaxLength || LpcpMessageLength(Copy) > PORT_MAXIMUM_MESSAGE_LENGTH)
        return STATUS_PORT_MESSAGE_TOO_LONG;
    return ExCopyFromCaller(Mode, Copy + 1, Caller + 1, Copy->DataLength);
}

/* A message from the calling thread: its data copied, its ClientId and
   MessageId the kernel's. Holds a reference on Sender. */
PLPCP_MESSAGE LpcpAllocateMessage(PLPCP_PORT_OBJECT Sender, const PORT_MESSAGE *Message,
                                  USHORT Type)
{
    PLPCP_MESSAGE msg = ExAllocatePoolWithTag(NonPagedPool, sizeof(*msg), LPC_TAG_MESSAGE);

    if (msg == NULL)
        return NULL;
    memset(msg, 0, sizeof(*msg));
    if (Message != NULL)
        memcpy(&msg->Request, Message, LpcpMessageLength(Message));
    msg->Request.Type = Type;
    msg->Request.TotalLength = (USHORT)LpcpMessageLength(&msg->Request);
    msg->Request.ClientId.UniqueProcess = PsGetCurrentProcess()->UniqueProcessId;
    msg->Request.ClientId.UniqueThread = KeGetCurrentThread()->Header.Id;
    msg->Request.MessageId = __sync_add_and_fetch(&LpcpNextMessageId, 1);
    msg->SenderPort = Sender;
    if (Sender != NULL)
        ObReferenceObject(Sender);
    return msg;
}

VOID LpcpFreeMessage(PLPCP_MESSAGE Message)
{
    if (Message->SenderPort != NULL)
        ObDereferenceObject(Message->SenderPort);
    ExFreePoolWithTag(Message, LPC_TAG_MESSAGE);
}

/* Send: a schedule point, then the message joins the server's queue. */
NTSTATUS LpcpQueueMessage(PLPCP_PORT_OBJECT ConnectionPort, PLPCP_MESSAGE Message)
{
    KIRQL irql;

    KiSchedulePoint(POINT_LPC);
    KeAcquireSpinLock(&LpcpLock, &irql);
    if (ConnectionPort->Closed) {
        KeReleaseSpinLock(&LpcpLock, irql);
        return STATUS_PORT_DISCONNECTED;
    }
    InsertTailList(&ConnectionPort->ReceiveHead, &Message->Entry);
    TrLog(TR_LPC_SEND, Message->Request.MessageId, Message->Request.Type, 0);
    KeReleaseSpinLock(&LpcpLock, irql);
    KeReleaseSemaphore(&ConnectionPort->Semaphore, 0, 1, FALSE);
    return STATUS_SUCCESS;
}

/* A waiter is answered (lock held): its event is set under the lock. */
static VOID LpcpWakeWaiter(PLPCP_WAIT Wait, NTSTATUS Status)
{
    Wait->Done = TRUE;
    Wait->Status = Status;
    KeSetEvent(&Wait->Event, 0, FALSE);
}

/* The connection port is closing: nobody will receive what is queued. */
/* Moves every message of List to Drained, waking its client. Lock held. */
static VOID LpcpDrainList(PLIST_ENTRY List, PLIST_ENTRY Drained)
{
    while (!IsListEmpty(List)) {
        PLPCP_MESSAGE msg = CONTAINING_RECORD(RemoveHeadList(List), LPCP_MESSAGE, Entry);

        if (msg->Waiter != NULL)
            LpcpWakeWaiter(msg->Waiter, STATUS_PORT_DISCONNECTED);
        InsertTailList(Drained, &msg->Entry);
    }
}

/* Nobody can answer what is queued, nor what was received and not yet
   answered: both go (a served message holds its client's port, which holds
   this one: kept, they would keep each other alive for good). */
VOID LpcpDrainQueue(PLPCP_PORT_OBJECT ConnectionPort)
{
    LIST_ENTRY drained;
    KIRQL irql;

    InitializeListHead(&drained);
    KeAcquireSpinLock(&LpcpLock, &irql);
    LpcpDrainList(&ConnectionPort->ReceiveHead, &drained);
    LpcpDrainList(&ConnectionPort->ServedHead, &drained);
    KeReleaseSpinLock(&LpcpLock, irql);
    while (!IsListEmpty(&drained))
        LpcpFreeMessage(CONTAINING_RECORD(RemoveHeadList(&drained), LPCP_MESSAGE, Entry));
}

/* The client waits for its answer, or for its port or the server's to
   close; without an answer it unhooks itself from the message. */
NTSTATUS LpcpWaitForReply(PLPCP_PORT_OBJECT ClientPort, PLPCP_MESSAGE Message, PLPCP_WAIT Wait,
                          KPROCESSOR_MODE Mode)
{
    PVOID objects[3] = { &Wait->Event, &ClientPort->ClosedEvent,
                         &ClientPort->ConnectionPort->ClosedEvent };
    KIRQL irql;

    KeWaitForMultipleObjects(3, objects, WaitAny, WrLpcReply, Mode, FALSE, NULL, NULL);
    KeAcquireSpinLock(&LpcpLock, &irql);
    if (!Wait->Done) {
        Message->Waiter = NULL;
        Wait->Done = TRUE;
        Wait->Status = STATUS_PORT_DISCONNECTED;
    }
    KeReleaseSpinLock(&LpcpLock, irql);
    return Wait->Status;
}

/* Take the message MessageId of Type off the served list; NULL if it is
   not there (a reply cannot answer a connection request, nor an accept a
   request). */
PLPCP_MESSAGE LpcpTakeServed(PLPCP_PORT_OBJECT ConnectionPort, ULONG MessageId, USHORT Type)
{
    PLPCP_MESSAGE found = NULL;
    PLIST_ENTRY e;
    KIRQL irql;

    KeAcquireSpinLock(&LpcpLock, &irql);
    for (e = ConnectionPort->ServedHead.Flink; e != &ConnectionPort->ServedHead; e = e->Flink) {
        PLPCP_MESSAGE msg = CONTAINING_RECORD(e, LPCP_MESSAGE, Entry);
        if (msg->Request.MessageId == MessageId && msg->Request.Type == Type) {
            RemoveEntryList(e);
            found = msg;
            break;
        }
    }
    KeReleaseSpinLock(&LpcpLock, irql);
    return found;
}

typedef union _LPCP_BUFFER {
    PORT_MESSAGE h;
    UCHAR Space[PORT_MAXIMUM_MESSAGE_LENGTH];
} LPCP_BUFFER;

/* The client's call: its request queued, the server's reply (into a buffer
   on this stack, then to the caller's ReplyMessage) waited for. A process's
   wait ends early when it is being ended; the request then has no waiter
   and its reply is dropped. */
NTSTATUS NtRequestWaitReplyPort(HANDLE PortHandle, PPORT_MESSAGE RequestMessage,
                                PPORT_MESSAGE ReplyMessage)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    LPCP_BUFFER request, reply;
    PLPCP_PORT_OBJECT port;
    PLPCP_MESSAGE msg;
    LPCP_WAIT wait;
    NTSTATUS status = LpcpReferencePort(PortHandle, &port);

    if (!NT_SUCCESS(status))
        return status;
    status = port->Flags == CLIENT_COMMUNICATION_PORT
                 ? LpcpCaptureMessage(mode, RequestMessage, port->MaxMessageLength, &request.h)
                 : STATUS_INVALID_PORT_HANDLE;
    if (NT_SUCCESS(status))
        status = ExProbeForWrite(mode, ReplyMessage, sizeof(PORT_MESSAGE), sizeof(ULONG));
    msg = NT_SUCCESS(status) ? LpcpAllocateMessage(port, &request.h, LPC_REQUEST) : NULL;
    if (NT_SUCCESS(status) && msg == NULL)
        status = STATUS_INSUFFICIENT_RESOURCES;
    if (msg != NULL) {
        KeInitializeEvent(&wait.Event, NotificationEvent, FALSE);
        wait.Reply = &reply.h;
        wait.Done = FALSE;
        msg->Waiter = &wait;
        status = LpcpQueueMessage(port->ConnectionPort, msg);
        if (NT_SUCCESS(status))
            status = LpcpWaitForReply(port, msg, &wait, mode);
        else
            LpcpFreeMessage(msg);
    }
    ObDereferenceObject(port);
    if (NT_SUCCESS(status))
        status = ExCopyToCaller(mode, ReplyMessage, &reply, reply.h.TotalLength);
    return status;
}

/* Answer the message ReplyMessage->MessageId (a kernel copy); a client
   gone is dropped. */
static NTSTATUS LpcpReply(PLPCP_PORT_OBJECT Port, PPORT_MESSAGE ReplyMessage)
{
    PLPCP_MESSAGE msg;
    PLPCP_WAIT w;
    KIRQL irql;

    KiSchedulePoint(POINT_LPC);
    msg = LpcpTakeServed(Port, ReplyMessage->MessageId, LPC_REQUEST);
    if (msg == NULL)
        return STATUS_REPLY_MESSAGE_MISMATCH;
    KeAcquireSpinLock(&LpcpLock, &irql);
    TrLog(TR_LPC_REPLY, msg->Request.MessageId, 0, 0);
    w = msg->Waiter;
    if (w != NULL && w->Reply != NULL) {
        memcpy(w->Reply, ReplyMessage, LpcpMessageLength(ReplyMessage));
        w->Reply->Type = LPC_REPLY;
        w->Reply->TotalLength = (USHORT)LpcpMessageLength(ReplyMessage);
        w->Reply->ClientId = msg->Request.ClientId;
    }
    if (w != NULL)
        LpcpWakeWaiter(w, STATUS_SUCCESS);
    KeReleaseSpinLock(&LpcpLock, irql);
    LpcpFreeMessage(msg);
    if (w == NULL)
        __sync_add_and_fetch(&LpcDroppedReplies, 1);
    return w != NULL ? STATUS_SUCCESS : STATUS_PORT_DISCONNECTED;
}

/* The server's reply, captured from its caller, sent on Port. */
static NTSTATUS LpcpReplyFromCaller(KPROCESSOR_MODE Mode, PLPCP_PORT_OBJECT Port,
                                    const PORT_MESSAGE *ReplyMessage)
{
    LPCP_BUFFER reply;
    NTSTATUS status = LpcpCaptureMessage(Mode, ReplyMessage, PORT_MAXIMUM_MESSAGE_LENGTH,
                                         &reply.h);

    return NT_SUCCESS(status) ? LpcpReply(Port, &reply.h) : status;
}

NTSTATUS NtReplyPort(HANDLE PortHandle, PPORT_MESSAGE ReplyMessage)
{
    PLPCP_PORT_OBJECT port;
    NTSTATUS status = LpcpReferencePort(PortHandle, &port);

    if (!NT_SUCCESS(status))
        return status;
    status = LpcpReplyFromCaller(KeGetPreviousMode(), port, ReplyMessage);
    ObDereferenceObject(port);
    return status;
}

/* The next queued message, moved to the served list if it wants an
   answer; NULL (and *Status) when the port is closed and empty. */
static PLPCP_MESSAGE LpcpReceive(PLPCP_PORT_OBJECT Port, KPROCESSOR_MODE Mode, NTSTATUS *Status)
{
    PVOID objects[2] = { &Port->Semaphore, &Port->ClosedEvent };
    PLPCP_MESSAGE msg = NULL;
    KIRQL irql;

    while (msg == NULL) {
        KiSchedulePoint(POINT_LPC);
        if (KeWaitForMultipleObjects(2, objects, WaitAny, WrLpcReceive, Mode, FALSE, NULL,
                                     NULL) == STATUS_USER_APC) {
            *Status = STATUS_USER_APC;
            return NULL;
        }
        KeAcquireSpinLock(&LpcpLock, &irql);
        if (!IsListEmpty(&Port->ReceiveHead)) {
            msg = CONTAINING_RECORD(RemoveHeadList(&Port->ReceiveHead), LPCP_MESSAGE, Entry);
            if (msg->Request.Type == LPC_REQUEST || msg->Request.Type == LPC_CONNECTION_REQUEST)
                InsertTailList(&Port->ServedHead, &msg->Entry);
            TrLog(TR_LPC_RECEIVE, msg->Request.MessageId, msg->Request.Type, 0);
        } else if (Port->Closed) {
            KeReleaseSpinLock(&LpcpLock, irql);
            *Status = STATUS_PORT_DISCONNECTED;
            return NULL;
        }
        KeReleaseSpinLock(&LpcpLock, irql);
    }
    return msg;
}

/* Hands a received message (and the sender port's context) to the
   server's caller; a message that wants no answer is done with. */
static NTSTATUS LpcpDeliver(KPROCESSOR_MODE Mode, PLPCP_MESSAGE Message, PVOID *PortContext,
                            PPORT_MESSAGE ReceiveMessage)
{
    PVOID context = Message->SenderPort != NULL ? Message->SenderPort->PortContext : NULL;
    NTSTATUS status = ExCopyToCaller(Mode, ReceiveMessage, &Message->Request,
                                     LpcpMessageLength(&Message->Request));

    if (NT_SUCCESS(status) && PortContext != NULL)
        status = ExCopyToCaller(Mode, PortContext, &context, sizeof(context));
    if (Message->Request.Type != LPC_REQUEST && Message->Request.Type != LPC_CONNECTION_REQUEST)
        LpcpFreeMessage(Message);
    return status;
}

/* The server's loop step: answer the last request (if ReplyMessage), then
   wait for the next message. A process's wait is in UserMode: it ends
   early when the thread is being ended. */
NTSTATUS NtReplyWaitReceivePort(HANDLE PortHandle, PVOID *PortContext,
                                PPORT_MESSAGE ReplyMessage, PPORT_MESSAGE ReceiveMessage)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    PLPCP_PORT_OBJECT port;
    PLPCP_MESSAGE msg;
    NTSTATUS status = LpcpReferencePort(PortHandle, &port);

    if (!NT_SUCCESS(status))
        return status;
    status = port->Flags == SERVER_CONNECTION_PORT
                 ? ExProbeForWrite(mode, ReceiveMessage, sizeof(PORT_MESSAGE), sizeof(ULONG))
                 : STATUS_INVALID_PORT_HANDLE;
    if (NT_SUCCESS(status) && ReplyMessage != NULL)
        LpcpReplyFromCaller(mode, port, ReplyMessage);
    msg = NT_SUCCESS(status) ? LpcpReceive(port, mode, &status) : NULL;
    if (msg != NULL)
        status = LpcpDeliver(mode, msg, PortContext, ReceiveMessage);
    ObDereferenceObject(port);
    return status;
}

/* The process that sent request MessageId, being served on Port; NULL when
   the request is not being served there or its sender has ended. */
static PEPROCESS LpcpServedClient(PLPCP_PORT_OBJECT Port, ULONG MessageId)
{
    ULONG client = 0;
    PEPROCESS process;
    PLIST_ENTRY e;
    KIRQL irql;

    KeAcquireSpinLock(&LpcpLock, &irql);
    for (e = Port->ServedHead.Flink; e != &Port->ServedHead; e = e->Flink) {
        PLPCP_MESSAGE msg = CONTAINING_RECORD(e, LPCP_MESSAGE, Entry);
        if (msg->Request.MessageId == MessageId && msg->Request.Type == LPC_REQUEST)
            client = msg->Request.ClientId.UniqueProcess;
    }
    KeReleaseSpinLock(&LpcpLock, irql);
    if (client == 0 || !NT_SUCCESS(PsLookupProcessByProcessId(client, &process)))
        return NULL;
    return process;
}

NTSTATUS NtImpersonateClientOfPort(HANDLE PortHandle, PPORT_MESSAGE Message)
{
    PORT_MESSAGE header;
    PLPCP_PORT_OBJECT port;
    PEPROCESS client = NULL;
    NTSTATUS status = ExCopyFromCaller(KeGetPreviousMode(), &header, Message, sizeof(header));

    if (NT_SUCCESS(status))
        status = LpcpReferencePort(PortHandle, &port);
    if (!NT_SUCCESS(status))
        return status;
    if (port->Flags == SERVER_CONNECTION_PORT)
        client = LpcpServedClient(port, header.MessageId);
    ObDereferenceObject(port);
    if (client == NULL)
        return STATUS_CANNOT_IMPERSONATE;
    PsImpersonateClient(client);
    ObDereferenceObject(client);
    return STATUS_SUCCESS;
}

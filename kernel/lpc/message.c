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
 */
#include <string.h>
#include "lpc/lpc.h"
#include "ps/ps.h"

static volatile ULONG LpcpNextMessageId;
volatile LONG LpcDroppedReplies;

static ULONG LpcpMessageLength(const PORT_MESSAGE *Message)
{
    return sizeof(PORT_MESSAGE) + Message->DataLength;
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
VOID LpcpDrainQueue(PLPCP_PORT_OBJECT ConnectionPort)
{
    LIST_ENTRY drained;
    PLPCP_MESSAGE msg;
    KIRQL irql;

    InitializeListHead(&drained);
    KeAcquireSpinLock(&LpcpLock, &irql);
    while (!IsListEmpty(&ConnectionPort->ReceiveHead)) {
        msg = CONTAINING_RECORD(RemoveHeadList(&ConnectionPort->ReceiveHead), LPCP_MESSAGE, Entry);
        if (msg->Waiter != NULL)
            LpcpWakeWaiter(msg->Waiter, STATUS_PORT_DISCONNECTED);
        InsertTailList(&drained, &msg->Entry);
    }
    KeReleaseSpinLock(&LpcpLock, irql);
    while (!IsListEmpty(&drained))
        LpcpFreeMessage(CONTAINING_RECORD(RemoveHeadList(&drained), LPCP_MESSAGE, Entry));
}

/* The client waits for its answer, or for its port or the server's to
   close; without an answer it unhooks itself from the message. */
NTSTATUS LpcpWaitForReply(PLPCP_PORT_OBJECT ClientPort, PLPCP_MESSAGE Message, PLPCP_WAIT Wait)
{
    PVOID objects[3] = { &Wait->Event, &ClientPort->ClosedEvent,
                         &ClientPort->ConnectionPort->ClosedEvent };
    KIRQL irql;

    KeWaitForMultipleObjects(3, objects, WaitAny, WrLpcReply, KernelMode, FALSE, NULL, NULL);
    KeAcquireSpinLock(&LpcpLock, &irql);
    if (!Wait->Done) {
        Message->Waiter = NULL;
        Wait->Done = TRUE;
        Wait->Status = STATUS_PORT_DISCONNECTED;
    }
    KeReleaseSpinLock(&LpcpLock, irql);
    return Wait->Status;
}

/* Take the message MessageId off the served list; NULL if it is not there. */
PLPCP_MESSAGE LpcpTakeServed(PLPCP_PORT_OBJECT ConnectionPort, ULONG MessageId)
{
    PLPCP_MESSAGE found = NULL;
    PLIST_ENTRY e;
    KIRQL irql;

    KeAcquireSpinLock(&LpcpLock, &irql);
    for (e = ConnectionPort->ServedHead.Flink; e != &ConnectionPort->ServedHead; e = e->Flink) {
        PLPCP_MESSAGE msg = CONTAINING_RECORD(e, LPCP_MESSAGE, Entry);
        if (msg->Request.MessageId == MessageId) {
            RemoveEntryList(e);
            found = msg;
            break;
        }
    }
    KeReleaseSpinLock(&LpcpLock, irql);
    return found;
}

NTSTATUS NtRequestWaitReplyPort(HANDLE PortHandle, PPORT_MESSAGE RequestMessage,
                                PPORT_MESSAGE ReplyMessage)
{
    PLPCP_PORT_OBJECT port;
    PLPCP_MESSAGE msg;
    LPCP_WAIT wait;
    NTSTATUS status = LpcpReferencePort(PortHandle, &port);

    if (!NT_SUCCESS(status))
        return status;
    if (port->Flags != CLIENT_COMMUNICATION_PORT ||
        LpcpMessageLength(RequestMessage) > port->MaxMessageLength) {
        ObDereferenceObject(port);
        return port->Flags != CLIENT_COMMUNICATION_PORT ? STATUS_INVALID_PORT_HANDLE
                                                         : STATUS_PORT_MESSAGE_TOO_LONG;
    }
    msg = LpcpAllocateMessage(port, RequestMessage, LPC_REQUEST);
    status = msg != NULL ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
    if (NT_SUCCESS(status)) {
        KeInitializeEvent(&wait.Event, NotificationEvent, FALSE);
        wait.Reply = ReplyMessage;
        wait.Done = FALSE;
        msg->Waiter = &wait;
        status = LpcpQueueMessage(port->ConnectionPort, msg);
        if (NT_SUCCESS(status))
            status = LpcpWaitForReply(port, msg, &wait);
        else
            LpcpFreeMessage(msg);
    }
    ObDereferenceObject(port);
    return status;
}

/* Answer the message ReplyMessage->MessageId; a client gone is dropped. */
static NTSTATUS LpcpReply(PLPCP_PORT_OBJECT Port, PPORT_MESSAGE ReplyMessage)
{
    PLPCP_MESSAGE msg;
    PLPCP_WAIT w;
    KIRQL irql;

    if (LpcpMessageLength(ReplyMessage) > PORT_MAXIMUM_MESSAGE_LENGTH)
        return STATUS_PORT_MESSAGE_TOO_LONG;
    KiSchedulePoint(POINT_LPC);
    msg = LpcpTakeServed(Port, ReplyMessage->MessageId);
    if (msg == NULL)
        return STATUS_REPLY_MESSAGE_MISMATCH;
    KeAcquireSpinLock(&LpcpLock, &irql);
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

NTSTATUS NtReplyPort(HANDLE PortHandle, PPORT_MESSAGE ReplyMessage)
{
    PLPCP_PORT_OBJECT port;
    NTSTATUS status = LpcpReferencePort(PortHandle, &port);

    if (!NT_SUCCESS(status))
        return status;
    status = LpcpReply(port, ReplyMessage);
    ObDereferenceObject(port);
    return status;
}

/* The next queued message, moved to the served list if it wants an
   answer; NULL (and *Status) when the port is closed and empty. */
static PLPCP_MESSAGE LpcpReceive(PLPCP_PORT_OBJECT Port, NTSTATUS *Status)
{
    PVOID objects[2] = { &Port->Semaphore, &Port->ClosedEvent };
    PLPCP_MESSAGE msg = NULL;
    KIRQL irql;

    while (msg == NULL) {
        KiSchedulePoint(POINT_LPC);
        KeWaitForMultipleObjects(2, objects, WaitAny, WrLpcReceive, KernelMode, FALSE, NULL, NULL);
        KeAcquireSpinLock(&LpcpLock, &irql);
        if (!IsListEmpty(&Port->ReceiveHead)) {
            msg = CONTAINING_RECORD(RemoveHeadList(&Port->ReceiveHead), LPCP_MESSAGE, Entry);
            if (msg->Request.Type == LPC_REQUEST || msg->Request.Type == LPC_CONNECTION_REQUEST)
                InsertTailList(&Port->ServedHead, &msg->Entry);
        } else if (Port->Closed) {
            KeReleaseSpinLock(&LpcpLock, irql);
            *Status = STATUS_PORT_DISCONNECTED;
            return NULL;
        }
        KeReleaseSpinLock(&LpcpLock, irql);
    }
    return msg;
}

NTSTATUS NtReplyWaitReceivePort(HANDLE PortHandle, PVOID *PortContext,
                                PPORT_MESSAGE ReplyMessage, PPORT_MESSAGE ReceiveMessage)
{
    PLPCP_PORT_OBJECT port;
    PLPCP_MESSAGE msg;
    NTSTATUS status = LpcpReferencePort(PortHandle, &port);

    if (!NT_SUCCESS(status))
        return status;
    if (port->Flags != SERVER_CONNECTION_PORT) {
        ObDereferenceObject(port);
        return STATUS_INVALID_PORT_HANDLE;
    }
    if (ReplyMessage != NULL)
        LpcpReply(port, ReplyMessage);
    msg = LpcpReceive(port, &status);
    if (msg != NULL) {
        memcpy(ReceiveMessage, &msg->Request, LpcpMessageLength(&msg->Request));
        if (PortContext != NULL)
            *PortContext = msg->SenderPort != NULL ? msg->SenderPort->PortContext : NULL;
        if (msg->Request.Type != LPC_REQUEST && msg->Request.Type != LPC_CONNECTION_REQUEST)
            LpcpFreeMessage(msg);
        status = STATUS_SUCCESS;
    }
    ObDereferenceObject(port);
    return status;
}

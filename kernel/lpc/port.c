/*
 * port.c - the Port object type, and making connections: NtCreatePort (a
 * named server connection port), NtConnectPort (the client's side: a
 * connection request queued to the server, then a wait for its answer) and
 * NtAcceptConnectPort (the server's answer). See lpc.h for the locking.
 *
 * When a client port's last handle closes, its waiters are woken and the
 * server is told with an LPC_PORT_CLOSED message, so it can forget the
 * client. When a connection port's last handle closes, its queue and what
 * was received but not answered are drained (every waiting client gets
 * STATUS_PORT_DISCONNECTED) and every server thread waiting on it returns
 * STATUS_PORT_DISCONNECTED.
 */
#include <string.h>
#include "ex/ex.h"
#include "lpc/lpc.h"
#include "ps/ps.h"

POBJECT_TYPE LpcPortObjectType;
KSPIN_LOCK LpcpLock = KSPIN_LOCK_INIT(LockRankLpc, "LpcpLock");

static VOID LpcpInitializePort(PLPCP_PORT_OBJECT Port, ULONG Flags, ULONG MaxMessageLength)
{
    memset(Port, 0, sizeof(*Port));
    Port->Flags = Flags;
    Port->MaxMessageLength = MaxMessageLength;
    InitializeListHead(&Port->ReceiveHead);
    InitializeListHead(&Port->ServedHead);
    KeInitializeSemaphore(&Port->Semaphore, 0, 0x7FFFFFFF);
    KeInitializeEvent(&Port->ClosedEvent, NotificationEvent, FALSE);
}

/* The last handle went: wake whoever waits on the port. */
static VOID LpcpClosePort(PHANDLE_TABLE Table, PVOID Object, ACCESS_MASK GrantedAccess,
                          ULONG HandleCount)
{
    PLPCP_PORT_OBJECT port = Object;
    PLPCP_MESSAGE closed = NULL;
    KIRQL irql;

    if (HandleCount != 1)
        return;
    KeAcquireSpinLock(&LpcpLock, &irql);
    port->Closed = TRUE;
    KeReleaseSpinLock(&LpcpLock, irql);
    KeSetEvent(&port->ClosedEvent, 0, FALSE);
    if (port->Flags == SERVER_CONNECTION_PORT) {
        LpcpDrainQueue(port);
        return;
    }
    if (port->Accepted)
        closed = LpcpAllocateMessage(port, NULL, LPC_PORT_CLOSED);
    if (closed != NULL && !NT_SUCCESS(LpcpQueueMessage(port->ConnectionPort, closed)))
        LpcpFreeMessage(closed);
}

/* The last reference went: messages left behind were never answered. */
static VOID LpcpDeletePort(PVOID Object)
{
    PLPCP_PORT_OBJECT port = Object;

    if (port->Flags == SERVER_CONNECTION_PORT)
        LpcpDrainQueue(port);
    if (port->ConnectionPort != NULL)
        ObDereferenceObject(port->ConnectionPort);
}

VOID LpcInitSystem(VOID)
{
    OBJECT_TYPE_INITIALIZER init;

    memset(&init, 0, sizeof(init));
    init.PoolTag = LPC_TAG_PORT;
    init.GenericMapping.GenericRead = PORT_CONNECT;
    init.GenericMapping.GenericWrite = PORT_CONNECT;
    init.GenericMapping.GenericAll = PORT_ALL_ACCESS;
    init.ValidAccessMask = PORT_ALL_ACCESS;
    init.CloseProcedure = LpcpClosePort;
    init.DeleteProcedure = LpcpDeletePort;
    if (!NT_SUCCESS(ObCreateObjectType("Port", &init, &LpcPortObjectType)))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, 0x40, 0, 0, 0);
}

NTSTATUS LpcpReferencePort(HANDLE Handle, PLPCP_PORT_OBJECT *Port)
{
    return ObReferenceObjectByHandle(Handle, 0, LpcPortObjectType, KeGetPreviousMode(),
                                     (PVOID *)Port, NULL);
}

static VOID LpcpInitializeServerPort(PVOID Body, PVOID Context)
{
    ULONG length = (ULONG)(ULONG_PTR)Context;

    LpcpInitializePort(Body, SERVER_CONNECTION_PORT,
                       length ? length : PORT_MAXIMUM_MESSAGE_LENGTH);
}

NTSTATUS NtCreatePort(PHANDLE PortHandle, POBJECT_ATTRIBUTES ObjectAttributes,
                      ULONG MaxConnectionInfoLength, ULONG MaxMessageLength, ULONG MaxPoolUsage)
{
    if (ObjectAttributes == NULL || MaxMessageLength > PORT_MAXIMUM_MESSAGE_LENGTH)
        return STATUS_INVALID_PARAMETER;
    return ExpCreateObject(LpcPortObjectType, sizeof(LPCP_PORT_OBJECT), PortHandle,
                           PORT_ALL_ACCESS, ObjectAttributes, LpcpInitializeServerPort,
                           (PVOID)(ULONG_PTR)MaxMessageLength, NULL);
}

/* A client port for the calling process, holding ConnectionPort. */
static NTSTATUS LpcpCreateClientPort(PLPCP_PORT_OBJECT ConnectionPort, PLPCP_PORT_OBJECT *Port)
{
    NTSTATUS status = ObCreateObject(LpcPortObjectType, 0, sizeof(**Port), (PVOID *)Port);

    if (!NT_SUCCESS(status))
        return status;
    LpcpInitializePort(*Port, CLIENT_COMMUNICATION_PORT, ConnectionPort->MaxMessageLength);
    (*Port)->ConnectionPort = ConnectionPort;
    (*Port)->ClientProcessId = PsGetCurrentProcess()->UniqueProcessId;
    return STATUS_SUCCESS;
}

/* Queue the connection request (with up to 64 bytes of the caller's
   connection information) and wait for the server's answer. */
static NTSTATUS LpcpRequestConnection(KPROCESSOR_MODE Mode, PLPCP_PORT_OBJECT Client, PVOID Info,
                                      PULONG InfoLength)
{
    struct { PORT_MESSAGE h; UCHAR Data[64]; } request;
    PLPCP_MESSAGE msg;
    LPCP_WAIT wait;
    ULONG length = 0;
    NTSTATUS status = InfoLength != NULL ? ExCopyFromCaller(Mode, &length, InfoLength,
                                                            sizeof(length))
                                         : STATUS_SUCCESS;

    memset(&request, 0, sizeof(request));
    request.h.DataLength = (USHORT)(length < sizeof(request.Data) ? length : sizeof(request.Data));
    if (NT_SUCCESS(status) && Info != NULL)
        status = ExCopyFromCaller(Mode, request.Data, Info, request.h.DataLength);
    if (!NT_SUCCESS(status))
        return status;
    msg = LpcpAllocateMessage(Client, &request.h, LPC_CONNECTION_REQUEST);
    if (msg == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    KeInitializeEvent(&wait.Event, NotificationEvent, FALSE);
    wait.Reply = NULL;
    wait.Done = FALSE;
    msg->Waiter = &wait;
    status = LpcpQueueMessage(Client->ConnectionPort, msg);
    if (!NT_SUCCESS(status)) {
        LpcpFreeMessage(msg);
        return status;
    }
    return LpcpWaitForReply(Client, msg, &wait, Mode);
}

NTSTATUS NtConnectPort(PHANDLE PortHandle, PSTRING PortName, PVOID ConnectionInformation,
                       PULONG ConnectionInformationLength)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    PLPCP_PORT_OBJECT server, client;
    HANDLE handle;
    STRING name;
    NTSTATUS status = ExProbeForWrite(mode, PortHandle, sizeof(HANDLE), sizeof(ULONG));

    if (NT_SUCCESS(status))
        status = PortName != NULL ? ExCaptureString(mode, PortName, EX_MAX_NAME, &name)
                                  : STATUS_INVALID_PARAMETER;
    if (!NT_SUCCESS(status))
        return status;
    status = ObReferenceObjectByName(&name, LpcPortObjectType, NULL, (PVOID *)&server);
    ExReleaseString(&name);
    if (!NT_SUCCESS(status))
        return status;
    if (server->Flags != SERVER_CONNECTION_PORT) {
        ObDereferenceObject(server);
        return STATUS_INVALID_PORT_HANDLE;
    }
    status = LpcpCreateClientPort(server, &client);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(server);
        return status;
    }
    status = LpcpRequestConnection(mode, client, ConnectionInformation,
                                   ConnectionInformationLength);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(client);
        return status;
    }
    status = ObInsertObject(client, NULL, 0, PORT_ALL_ACCESS, NULL, &handle);
    return ExReturnHandle(mode, PortHandle, handle, status);
}

/* The server's answer to a connection request it received. */
NTSTATUS NtAcceptConnectPort(HANDLE ConnectionPortHandle, PVOID PortContext,
                             PPORT_MESSAGE ConnectionRequest, BOOLEAN AcceptConnection)
{
    PLPCP_PORT_OBJECT server, client;
    PLPCP_MESSAGE msg;
    PORT_MESSAGE request;
    NTSTATUS status = ExCopyFromCaller(KeGetPreviousMode(), &request, ConnectionRequest,
                                       sizeof(request));
    KIRQL irql;

    if (NT_SUCCESS(status))
        status = LpcpReferencePort(ConnectionPortHandle, &server);
    if (!NT_SUCCESS(status))
        return status;
    msg = LpcpTakeServed(server, request.MessageId, LPC_CONNECTION_REQUEST);
    ObDereferenceObject(server);
    if (msg == NULL)
        return STATUS_REPLY_MESSAGE_MISMATCH;
    client = msg->SenderPort;
    KeAcquireSpinLock(&LpcpLock, &irql);
    client->PortContext = PortContext;
    client->Accepted = AcceptConnection;
    status = msg->Waiter != NULL ? STATUS_SUCCESS : STATUS_PORT_DISCONNECTED;
    if (msg->Waiter != NULL) {
        msg->Waiter->Done = TRUE;
        msg->Waiter->Status = AcceptConnection ? STATUS_SUCCESS : STATUS_PORT_CONNECTION_REFUSED;
        KeSetEvent(&msg->Waiter->Event, 0, FALSE);
    }
    KeReleaseSpinLock(&LpcpLock, irql);
    LpcpFreeMessage(msg);
    return status;
}

/* Is a server thread waiting for Port's next message? (A server is ready
   once one is: its set-up calls have all returned.) */
BOOLEAN LpcIsPortServed(PVOID Port)
{
    PLPCP_PORT_OBJECT port = Port;
    KIRQL irql = KiLockDispatcherDatabase();
    BOOLEAN served = port->Flags == SERVER_CONNECTION_PORT &&
                     !IsListEmpty(&port->Semaphore.Header.WaitListHead);

    KiUnlockDispatcherDatabase(irql);
    return served;
}

/*
 * nwrfsctl.c - NWRDR's file-system controls (include/nwrdr.h says what each
 * takes and answers). All are sent on an open of \Device\NwRdr itself and
 * act in the context of the process the request is made for; creating a
 * connection makes that context if the process has none.
 *
 * Interface: NwrFsControl.
 */
#include <string.h>
#include "drivers/nwrdr/nwrdrp.h"

#define NWR_SYSTEM_LOGON 0x3E7      /* NT's SYSTEM logon session */

/* The caller's user name, for a connection made without one. */
static VOID NwrpCallerUser(PCHAR Out, ULONG Size)
{
    PETHREAD t = PsGetCurrentThread();
    PEPROCESS p = t->ImpersonatedClient != NULL ? t->ImpersonatedClient : t->ThreadsProcess;

    strncpy(Out, p->Token.UserName, Size - 1);
    Out[Size - 1] = '\0';
}

static NTSTATUS NwrpCreateConnection(PNWR_CONNECT_REQUEST r)
{
    CHAR user[NWR_MAX_USER];
    PNWR_CONTEXT context;
    NWR_NAME name;
    NTSTATUS status;

    r->Target[sizeof(r->Target) - 1] = r->UserName[sizeof(r->UserName) - 1] = '\0';
    r->Password[sizeof(r->Password) - 1] = '\0';
    status = NwrParseTarget(r->Target, &name);
    if (!NT_SUCCESS(status))
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    if (r->UserName[0] != '\0')
        strcpy(user, r->UserName);
    else
        NwrpCallerUser(user, sizeof(user));
    context = NwrReferenceCallerContext(TRUE);
    if (context == NULL)
        return NwrData.Stopped ? STATUS_REDIRECTOR_NOT_STARTED : STATUS_INSUFFICIENT_RESOURCES;
    status = NwrCreateTie(context, &name, user, r->Password);
    NwrDereferenceContext(context);
    return status;
}

static CHAR NwrpLetterOf(PCSTR LocalName)
{
    CHAR letter = (CHAR)RtlUpperChar(LocalName[0]);

    return letter >= 'A' && letter <= 'Z' && LocalName[1] == ':' && LocalName[2] == '\0' ? letter
                                                                                          : 0;
}

/* The answer of delete and get: a string in the buffer. */
static NTSTATUS NwrpReturnText(PCSTR Text, PVOID Buffer, ULONG Out, PULONG Written)
{
    if (strlen(Text) + 1 > Out)
        return STATUS_BUFFER_TOO_SMALL;
    strcpy(Buffer, Text);
    *Written = strlen(Text) + 1;
    return STATUS_SUCCESS;
}

static NTSTATUS NwrpDeleteConnection(PNWR_CONTEXT Context, PNWR_DISCONNECT_REQUEST d, ULONG In,
                                     ULONG Out, PULONG Written)
{
    CHAR letter, target[NWR_MAX_TARGET];
    NTSTATUS status;

    if (In != sizeof(*d))
        return STATUS_INVALID_PARAMETER;
    d->LocalName[sizeof(d->LocalName) - 1] = '\0';
    letter = NwrpLetterOf(d->LocalName);
    if (letter == 0)
        return STATUS_INVALID_PARAMETER;
    status = NwrDeleteTie(Context, letter, d->Force != 0, target, sizeof(target));
    return NT_SUCCESS(status) ? NwrpReturnText(target, d, Out, Written) : status;
}

static NTSTATUS NwrpGetConnection(PNWR_CONTEXT Context, PCHAR Name, ULONG In, ULONG Out,
                                  PULONG Written)
{
    CHAR letter = In >= 3 && Name[In - 1] == '\0' ? NwrpLetterOf(Name) : 0;
    CHAR remote[NWR_MAX_TARGET];
    NTSTATUS status;

    if (letter == 0)
        return STATUS_INVALID_PARAMETER;
    status = NwrGetTie(Context, letter, remote, sizeof(remote));
    return NT_SUCCESS(status) ? NwrpReturnText(remote, Name, Out, Written) : status;
}

static NTSTATUS NwrpEnumConnections(PNWR_CONTEXT Context, PNWR_CONNECTION_LIST List, ULONG Out,
                                    PULONG Written)
{
    ULONG room;

    if (Out < sizeof(*List))
        return STATUS_BUFFER_TOO_SMALL;
    room = (Out - sizeof(*List)) / sizeof(List->Entries[0]);
    List->Count = Context != NULL ? NwrListTies(Context, List->Entries, room) : 0;
    *Written = sizeof(*List) + (List->Count < room ? List->Count : room) *
               sizeof(List->Entries[0]);
    return STATUS_SUCCESS;
}

/* Delete, get and list: on the caller's own context, which may be none. */
static NTSTATUS NwrpOnOwnContext(ULONG Code, PVOID Buffer, ULONG In, ULONG Out, PULONG Written)
{
    PNWR_CONTEXT context = NwrReferenceCallerContext(FALSE);
    NTSTATUS status;

    if (Code == FSCTL_NWR_DELETE_CONNECTION)
        status = NwrpDeleteConnection(context, Buffer, In, Out, Written);
    else if (Code == FSCTL_NWR_GET_CONNECTION)
        status = NwrpGetConnection(context, Buffer, In, Out, Written);
    else
        status = NwrpEnumConnections(context, Buffer, Out, Written);
    if (context != NULL)
        NwrDereferenceContext(context);
    return status;
}

static NTSTATUS NwrpStopStart(ULONG Code)
{
    SECURITY_SUBJECT_CONTEXT subject;

    SeCaptureSubjectContext(&subject);
    if (subject.LogonId.LowPart != NWR_SYSTEM_LOGON || subject.LogonId.HighPart != 0)
        return STATUS_ACCESS_DENIED;
    NwrLock();
    NwrData.Stopped = Code == FSCTL_NWR_STOP;
    NwrUnlock();
    if (Code == FSCTL_NWR_STOP)
        NwrEndAllContexts();
    return STATUS_SUCCESS;
}

NTSTATUS NwrFsControl(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PNWR_FCB fcb = sp->FileObject->FsContext;
    ULONG code = sp->Parameters.FileSystemControl.FsControlCode;
    ULONG in = sp->Parameters.FileSystemControl.InputBufferLength;
    ULONG out = sp->Parameters.FileSystemControl.OutputBufferLength, written = 0;
    PVOID buffer = Irp->SystemBuffer;
    NTSTATUS status;

    if (fcb == NULL || fcb->Kind != NwrFcbDevice)
        return NwrComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    switch (code) {
    case FSCTL_NWR_CREATE_CONNECTION:
        status = in == sizeof(NWR_CONNECT_REQUEST) ? NwrpCreateConnection(buffer)
                                                   : STATUS_INVALID_PARAMETER;
        break;
    case FSCTL_NWR_DELETE_CONNECTION:
    case FSCTL_NWR_GET_CONNECTION:
    case FSCTL_NWR_ENUM_CONNECTIONS:
        status = NwrpOnOwnContext(code, buffer, in, out, &written);
        break;
    case FSCTL_NWR_LOOKUP_CONNECTION:
        if (in == 0 || ((PCHAR)buffer)[in - 1] != '\0')
            status = STATUS_INVALID_PARAMETER;
        else if (out < sizeof(ULONG))
            status = STATUS_BUFFER_TOO_SMALL;
        else
            status = NwrLookupTarget(buffer, buffer);
        written = NT_SUCCESS(status) ? sizeof(ULONG) : 0;
        break;
    case FSCTL_NWR_QUERY_STATISTICS:
        status = out < sizeof(NWR_STATISTICS) ? STATUS_BUFFER_TOO_SMALL : STATUS_SUCCESS;
        if (NT_SUCCESS(status))
            NwrQueryStatistics(buffer);
        written = NT_SUCCESS(status) ? sizeof(NWR_STATISTICS) : 0;
        break;
    case FSCTL_NWR_STOP:
    case FSCTL_NWR_START:
        status = NwrpStopStart(code);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    return NwrComplete(Irp, status, written);
}

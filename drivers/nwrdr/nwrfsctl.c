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

/* Delete, get and list: on the caller's own context, which may be none. */
static NTSTATUS NwrpOnOwnContext(ULONG Code, PVOID Buffer, ULONG In, ULONG Out, PULONG Written)
{
    PNWR_DISCONNECT_REQUEST d = Buffer;
    PNWR_CONTEXT context = NwrReferenceCallerContext(FALSE);
    NTSTATUS status = STATUS_INVALID_PARAMETER;
    CHAR letter, text[NWR_MAX_TARGET];

    if (Code == FSCTL_NWR_DELETE_CONNECTION && In >= sizeof(*d) &&
        (letter = NwrpLetterOf((d->LocalName[3] = '\0', d->LocalName))) != 0) {
        status = NwrDeleteTie(context, letter, d->Force != 0, text, sizeof(text));
    } else if (Code == FSCTL_NWR_GET_CONNECTION && In >= 3 && ((PCHAR)Buffer)[In - 1] == '\0' &&
               (letter = NwrpLetterOf(Buffer)) != 0) {
        status = NwrGetTie(context, letter, text, sizeof(text));
    } else if (Code == FSCTL_NWR_ENUM_CONNECTIONS) {
        PNWR_CONNECTION_LIST list = Buffer;
        ULONG room = Out < sizeof(*list) ? 0 : (Out - sizeof(*list)) / sizeof(list->Entries[0]);
        if (Out < sizeof(*list)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            list->Count = context != NULL ? NwrListTies(context, list->Entries, room) : 0;
            room = list->Count < room ? list->Count : room;
            *Written = sizeof(*list) + room * sizeof(list->Entries[0]);
            status = STATUS_SUCCESS;
        }
    }
    if (context != NULL)
        NwrDereferenceContext(context);
    if (NT_SUCCESS(status) && Code != FSCTL_NWR_ENUM_CONNECTIONS) {
        if (strlen(text) + 1 > Out)
            return STATUS_BUFFER_TOO_SMALL;
        strcpy(Buffer, text);
        *Written = strlen(text) + 1;
    }
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

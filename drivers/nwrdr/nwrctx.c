/*
 * nwrctx.c - NWRDR's user contexts, their server connections and their
 * drive-letter ties (the objects and rules are in nwrdrp.h).
 *
 * A connection is made in the context of the process the request is made
 * for: SAP finds the server (answers cached NWR_SAP_AGE_MS), the NCP
 * connection is created and logged in outside NwrData.Lock, and only then
 * entered in the context - two requests of one process racing for one
 * letter end with one tie and one STATUS_OBJECT_NAME_COLLISION. A server
 * connection lives while a tie or an open holds it; its end (End of Job,
 * logout, destroy) runs in whoever drops the last reference.
 *
 * A context is a process's, or with nwrctx=logon its logon session's
 * (every process of the session shares its connections and letters, as
 * RDR's do); NwrpFindContext is the one place that tells them apart.
 *
 * Interface: NwrReferenceCallerContext, NwrDereferenceContext,
 * NwrCreateTie, NwrFindTie, NwrDeleteTie, NwrGetTie, NwrListTies,
 * NwrLookupTarget, NwrReferenceTie, NwrDereferenceTie, NwrEndContext,
 * NwrEndLogonContext, NwrEndAllContexts.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "drivers/nwrdr/nwrdrp.h"

/* --------------------------------------------------------------- contexts */

static BOOLEAN NwrpSameLuid(const LUID *A, const LUID *B)
{
    return A->LowPart == B->LowPart && A->HighPart == B->HighPart;
}

/* The context of a process, or of a logon session with PerLogonSession
   (ProcessId is then not looked at). Lock held. */
static PNWR_CONTEXT NwrpFindContext(ULONG ProcessId, const LUID *LogonId)
{
    for (PLIST_ENTRY e = NwrData.Contexts.Flink; e != &NwrData.Contexts; e = e->Flink) {
        PNWR_CONTEXT c = CONTAINING_RECORD(e, NWR_CONTEXT, Links);
        if (NwrData.PerLogonSession ? NwrpSameLuid(&c->LogonId, LogonId)
                                    : c->ProcessId == ProcessId)
            return c;
    }
    return NULL;
}

/* The context of the process the request is for, referenced; made when
   Create says so (and the redirector runs). NULL when there is none. */
PNWR_CONTEXT NwrReferenceCallerContext(BOOLEAN Create)
{
    SECURITY_SUBJECT_CONTEXT subject;
    PNWR_CONTEXT c;

    SeCaptureSubjectContext(&subject);
    NwrLock();
    c = NwrpFindContext(subject.ProcessId, &subject.LogonId);
    if (c == NULL && Create && !NwrData.Stopped) {
        c = ExAllocatePoolWithTag(NonPagedPool, sizeof(*c), NWR_TAG);
        if (c != NULL) {
            memset(c, 0, sizeof(*c));
            c->References = 1;                  /* the list's */
            c->ProcessId = subject.ProcessId;
            c->LogonId = subject.LogonId;
            InitializeListHead(&c->Servers);
            InitializeListHead(&c->Ties);
            InsertTailList(&NwrData.Contexts, &c->Links);
            NwrData.Stats.Contexts++;
        }
    }
    if (c != NULL)
        c->References++;
    NwrUnlock();
    return c;
}

VOID NwrDereferenceContext(PNWR_CONTEXT Context)
{
    BOOLEAN last;

    NwrLock();
    last = --Context->References == 0;
    NwrUnlock();
    if (last)
        ExFreePoolWithTag(Context, NWR_TAG);
}

/* ---------------------------------------------------------------- servers */

/* SAP, through the cache: the file server called Name; and, as NetWare
   clients get the local target, RIP for its network, so that IPX knows
   the next hop when the server lies beyond a router (an internal network). */
static NTSTATUS NwrpFindServer(PCSTR Name, PSAP_ENTRY Entry)
{
    RIP_ENTRY route;
    ULONG64 now = KeQueryKernelTime() / KTIME_PER_MS;
    NTSTATUS status;
    ULONG i, oldest = 0;

    NwrLock();
    for (i = 0; i < NWR_SAP_CACHE; i++) {
        if (strcmp(NwrData.Sap[i].Name, Name) == 0 && now - NwrData.Sap[i].Time < NWR_SAP_AGE_MS) {
            *Entry = NwrData.Sap[i].Entry;
            NwrData.Stats.SapCacheHits++;
            NwrUnlock();
            return STATUS_SUCCESS;
        }
    }
    NwrData.Stats.SapQueries++;
    NwrUnlock();
    status = NcpFindServer(Name, Entry);
    if (NT_SUCCESS(status))
        status = NcpFindRoute(Entry->Address.Network, &route);
    if (!NT_SUCCESS(status))
        return status;
    NwrLock();
    for (i = 1; i < NWR_SAP_CACHE; i++) {
        if (NwrData.Sap[i].Time < NwrData.Sap[oldest].Time)
            oldest = i;
    }
    strcpy(NwrData.Sap[oldest].Name, Name);
    NwrData.Sap[oldest].Entry = *Entry;
    NwrData.Sap[oldest].Time = now;
    NwrUnlock();
    return STATUS_SUCCESS;
}

/* A new connection to Name, logged in as User: not yet in any context. */
static NTSTATUS NwrpConnectServer(PCSTR Name, PCSTR User, PCSTR Password, PNWR_SERVER *Server)
{
    PNWR_SERVER s;
    SAP_ENTRY entry;
    NTSTATUS status = NwrpFindServer(Name, &entry);

    if (!NT_SUCCESS(status))
        return status;
    s = ExAllocatePoolWithTag(NonPagedPool, sizeof(*s), NWR_TAG);
    if (s == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    memset(s, 0, sizeof(*s));
    s->References = 1;
    strcpy(s->Name, Name);
    strncpy(s->UserName, User, sizeof(s->UserName) - 1);
    status = NcpConnect(&entry.Address, NwrData.Epoch, &s->Ncp);
    if (NT_SUCCESS(status))
        status = NcpNegotiateBuffer(s->Ncp, NWR_IO_SIZE, &s->BufferSize);
    if (NT_SUCCESS(status) && (s->BufferSize = NwrUsableBufferSize(s->BufferSize)) == 0)
        status = STATUS_INVALID_NETWORK_RESPONSE;   /* a zero buffer moves nothing */
    if (NT_SUCCESS(status))
        status = NcpLogin(s->Ncp, User, Password);
    if (NT_SUCCESS(status))
        status = NwrStartWorker(s);
    if (!NT_SUCCESS(status)) {
        if (s->Ncp != NULL)
            NcpDisconnect(s->Ncp);
        ExFreePoolWithTag(s, NWR_TAG);
        return status;
    }
    *Server = s;
    return STATUS_SUCCESS;
}

/* What an NCP call's status means to the redirector's caller. A server
   that stops answering (the client's time-out) is an unexpected network
   error, as NT's redirectors report one, and the connection is dead from
   then on, as it is when the server says it no longer knows it (the
   reply's connection status: STATUS_CONNECTION_DISCONNECTED, which Win32
   callers see as ERROR_NETNAME_DELETED, as they see NT's NWRDR's
   STATUS_REMOTE_DISCONNECT for that bit). Later requests fail at once
   (NwrCheckOpen), and the context's next tie to that server makes a new
   connection (NwrpFindServerOf). */
NTSTATUS NwrNetworkStatus(PNWR_SERVER Server, NTSTATUS Status)
{
    if (Status == STATUS_IO_TIMEOUT || Status == STATUS_CONNECTION_DISCONNECTED) {
        if (!Server->Dead)
            NcpAbandon(Server->Ncp);
        Server->Dead = TRUE;
    }
    return Status == STATUS_IO_TIMEOUT ? STATUS_UNEXPECTED_NETWORK_ERROR : Status;
}

/* Why a request on an open under a tie fails before it reaches the wire,
   or STATUS_SUCCESS: the redirector stopped; the tie was deleted with the
   file open (forced), which ends its use though the open holds it until
   its close; or the connection is dead. CLEANUP and CLOSE never ask. */
NTSTATUS NwrCheckOpen(const NWR_FCB *Fcb)
{
    if (NwrData.Stopped)
        return STATUS_REDIRECTOR_NOT_STARTED;
    if (Fcb->Tie->Deleted || Fcb->Tie->Server->Dead)
        return STATUS_CONNECTION_DISCONNECTED;
    return STATUS_SUCCESS;
}

/* The end of a server connection nobody holds: its worker, its NCP
   connection (End of Job, logout, destroy; nothing when it is dead), its
   context reference. */
static VOID NwrpSayGoodbye(PNWR_SERVER s)
{
    if (!s->Dead)
        NwrNetworkStatus(s, NcpEndOfJob(s->Ncp));
    if (!s->Dead)
        NwrNetworkStatus(s, NcpLogout(s->Ncp));
}

static VOID NwrpEndServer(PNWR_SERVER s)
{
    NwrStopWorker(s);
    NwrpSayGoodbye(s);
    NcpDisconnect(s->Ncp);
    if (s->Context != NULL) {
        NwrDereferenceContext(s->Context);
        NwrLock();
        NwrData.Stats.Servers--;
        NwrData.Stats.ServersEnded++;
        NwrUnlock();
    }
    ExFreePoolWithTag(s, NWR_TAG);
}

static VOID NwrpDereferenceServer(PNWR_SERVER s)
{
    BOOLEAN last;

    NwrLock();
    last = --s->References == 0;
    if (last && s->Context != NULL)
        RemoveEntryList(&s->Links);
    NwrUnlock();
    if (last)
        NwrpEndServer(s);
}

/* The context's live connection to Name (lock held). A dead one stays in
   its context while ties and opens hold it, failing their requests at
   once, but serves no new tie: the next connection to that server is a
   new one, as NT's NWRDR reconnects the server entry its dead status bit
   marked (SCB_STATE_RECONNECT_REQUIRED). */
static PNWR_SERVER NwrpFindServerOf(PNWR_CONTEXT c, PCSTR Name)
{
    for (PLIST_ENTRY e = c->Servers.Flink; e != &c->Servers; e = e->Flink) {
        PNWR_SERVER s = CONTAINING_RECORD(e, NWR_SERVER, Links);
        if (!s->Dead && strcmp(s->Name, Name) == 0)
            return s;
    }
    return NULL;
}

/* ------------------------------------------------------------------- ties */

static PNWR_TIE NwrpFindLetter(PNWR_CONTEXT c, CHAR Letter)
{
    for (PLIST_ENTRY e = c->Ties.Flink; e != &c->Ties; e = e->Flink) {
        PNWR_TIE t = CONTAINING_RECORD(e, NWR_TIE, Links);
        if (t->Letter == Letter)
            return t;
    }
    return NULL;
}

static BOOLEAN NwrpTieNames(const NWR_TIE *t, const NWR_NAME *Name)
{
    return t->Letter == Name->Letter && strcmp(t->Server->Name, Name->Server) == 0 &&
           strcmp(t->Volume, Name->Volume) == 0;
}

/* Some other context's tie that a name names (lock held). */
static PNWR_TIE NwrpFindForeignTie(PNWR_CONTEXT Mine, const NWR_NAME *Name, BOOLEAN LetterOnly)
{
    for (PLIST_ENTRY e = NwrData.Contexts.Flink; e != &NwrData.Contexts; e = e->Flink) {
        PNWR_CONTEXT c = CONTAINING_RECORD(e, NWR_CONTEXT, Links);
        PNWR_TIE t = c != Mine ? NwrpFindLetter(c, Name->Letter) : NULL;
        if (t != NULL && (LetterOnly || NwrpTieNames(t, Name)))
            return t;
    }
    return NULL;
}

VOID NwrReferenceTie(PNWR_TIE Tie)
{
    NwrLock();
    Tie->References++;
    NwrUnlock();
}

VOID NwrDereferenceTie(PNWR_TIE Tie)
{
    BOOLEAN last;

    NwrLock();
    last = --Tie->References == 0;
    if (last)
        NwrData.Stats.Ties--;
    NwrUnlock();
    if (last) {
        NwrpDereferenceServer(Tie->Server);
        ExFreePoolWithTag(Tie, NWR_TAG);
    }
}

/* The server connection a new tie uses: the context's, or a new one made
   and logged in outside the lock. *Made says which. */
static NTSTATUS NwrpServerForTie(PNWR_CONTEXT c, const NWR_NAME *Name, PCSTR User,
                                 PCSTR Password, PNWR_SERVER *Server)
{
    PNWR_SERVER s;

    NwrLock();
    s = NwrpFindServerOf(c, Name->Server);
    if (s != NULL && strcasecmp(s->UserName, User) != 0) {
        NwrUnlock();
        return STATUS_NETWORK_CREDENTIAL_CONFLICT;
    }
    if (s != NULL)
        s->References++;
    NwrUnlock();
    if (s != NULL) {
        *Server = s;
        return STATUS_SUCCESS;
    }
    return NwrpConnectServer(Name->Server, User, Password, Server);
}

/* Enters a new server connection in its context, unless another request
   of the process entered one meanwhile (then that one is used). */
static PNWR_SERVER NwrpAdoptServer(PNWR_CONTEXT c, PNWR_SERVER s, PNWR_SERVER *Spare)
{
    PNWR_SERVER found = NwrpFindServerOf(c, s->Name);

    *Spare = NULL;
    if (s->Context != NULL)
        return s;                       /* it was the context's already */
    if (found != NULL) {
        found->References++;
        *Spare = s;
        return found;
    }
    s->Context = c;
    c->References++;
    InsertTailList(&c->Servers, &s->Links);
    NwrData.Stats.Servers++;
    return s;
}

static ULONG NwrpCallerProcessId(VOID)
{
    SECURITY_SUBJECT_CONTEXT subject;

    SeCaptureSubjectContext(&subject);
    return subject.ProcessId;
}

NTSTATUS NwrCreateTie(PNWR_CONTEXT Context, const NWR_NAME *Name, PCSTR User, PCSTR Password)
{
    PNWR_SERVER s, spare;
    PNWR_TIE t;
    UCHAR volume;
    NTSTATUS status = NwrpServerForTie(Context, Name, User, Password, &s);

    if (!NT_SUCCESS(status))
        return status;
    status = s->Dead ? STATUS_CONNECTION_DISCONNECTED
                     : NwrNetworkStatus(s, NcpGetVolumeNumber(s->Ncp, Name->Volume, &volume));
    t = NT_SUCCESS(status) ? ExAllocatePoolWithTag(NonPagedPool, sizeof(*t), NWR_TAG) : NULL;
    if (NT_SUCCESS(status) && t == NULL)
        status = STATUS_INSUFFICIENT_RESOURCES;
    if (!NT_SUCCESS(status)) {
        if (s->Context == NULL)
            s->References = 1, NwrpEndServer(s);
        else
            NwrpDereferenceServer(s);
        return status;
    }
    memset(t, 0, sizeof(*t));
    InitializeListHead(&t->Fcbs);
    t->References = 1;                  /* the context's */
    t->Letter = Name->Letter;
    strcpy(t->Volume, Name->Volume);
    t->VolumeNumber = volume;
    t->Context = Context;
    t->ProcessId = NwrpCallerProcessId();
    NwrLock();
    if (Context->Ended || NwrData.Stopped) {
        status = STATUS_REDIRECTOR_NOT_STARTED;
    } else if (NwrpFindLetter(Context, Name->Letter) != NULL) {
        status = STATUS_OBJECT_NAME_COLLISION;
    } else {
        t->Server = NwrpAdoptServer(Context, s, &spare);
        s = spare;                      /* what is left to drop: a duplicate, or none */
        InsertTailList(&Context->Ties, &t->Links);
        NwrData.Stats.Ties++;
    }
    NwrUnlock();
    if (!NT_SUCCESS(status))
        ExFreePoolWithTag(t, NWR_TAG);
    if (s != NULL && s->Context == NULL)
        s->References = 1, NwrpEndServer(s);
    else if (s != NULL && !NT_SUCCESS(status))
        NwrpDereferenceServer(s);
    return status;
}

/* The caller's tie a name opens under, referenced. */
NTSTATUS NwrFindTie(PNWR_CONTEXT Context, const NWR_NAME *Name, PNWR_TIE *Tie)
{
    PNWR_TIE t = NULL;
    NTSTATUS status = STATUS_SUCCESS;

    NwrLock();
    if (Context != NULL)
        t = NwrpFindLetter(Context, Name->Letter);
    if (NwrData.Stopped)
        status = STATUS_REDIRECTOR_NOT_STARTED;
    else if (t != NULL && NwrpTieNames(t, Name))
        t->References++;
    else if (NwrpFindForeignTie(Context, Name, FALSE) != NULL)
        status = STATUS_ACCESS_DENIED;
    else
        status = STATUS_BAD_NETWORK_NAME;
    NwrUnlock();
    *Tie = NT_SUCCESS(status) ? t : NULL;
    return status;
}

static VOID NwrpFormatTarget(const NWR_TIE *t, PCHAR Out, ULONG Size)
{
    snprintf(Out, Size, NWR_DEVICE_NAME "\\;%c:\\%s\\%s", t->Letter, t->Server->Name, t->Volume);
}

/* The caller's tie for Letter (lock held), or why not. */
static NTSTATUS NwrpOwnTie(PNWR_CONTEXT c, CHAR Letter, PNWR_TIE *Tie)
{
    NWR_NAME letter = { .Letter = Letter };

    *Tie = c != NULL ? NwrpFindLetter(c, Letter) : NULL;
    if (*Tie != NULL)
        return STATUS_SUCCESS;
    return NwrpFindForeignTie(c, &letter, TRUE) != NULL ? STATUS_ACCESS_DENIED
                                                       : STATUS_OBJECT_NAME_NOT_FOUND;
}

NTSTATUS NwrDeleteTie(PNWR_CONTEXT Context, CHAR Letter, BOOLEAN Force, PCHAR Target,
                      ULONG TargetSize)
{
    PNWR_TIE t;
    NTSTATUS status;

    NwrLock();
    status = NwrpOwnTie(Context, Letter, &t);
    if (NT_SUCCESS(status) && t->OpenFiles > 0 && !Force)
        status = STATUS_FILES_OPEN;
    if (NT_SUCCESS(status)) {
        NwrpFormatTarget(t, Target, TargetSize);
        RemoveEntryList(&t->Links);
        t->Deleted = TRUE;
    }
    NwrUnlock();
    if (NT_SUCCESS(status))
        NwrDereferenceTie(t);
    return status;
}

NTSTATUS NwrGetTie(PNWR_CONTEXT Context, CHAR Letter, PCHAR Remote, ULONG RemoteSize)
{
    PNWR_TIE t;
    NTSTATUS status;

    NwrLock();
    status = NwrpOwnTie(Context, Letter, &t);
    if (NT_SUCCESS(status))
        snprintf(Remote, RemoteSize, "\\\\%s\\%s", t->Server->Name, t->Volume);
    NwrUnlock();
    return status;
}

ULONG NwrListTies(PNWR_CONTEXT Context, PNWR_CONNECTION_INFO Info, ULONG Count)
{
    ULONG n = 0;

    NwrLock();
    for (PLIST_ENTRY e = Context->Ties.Flink; e != &Context->Ties; e = e->Flink, n++) {
        PNWR_TIE t = CONTAINING_RECORD(e, NWR_TIE, Links);
        PNWR_CONNECTION_INFO i = &Info[n];
        if (n >= Count)
            continue;
        memset(i, 0, sizeof(*i));
        snprintf(i->LocalName, sizeof(i->LocalName), "%c:", t->Letter);
        snprintf(i->RemoteName, sizeof(i->RemoteName), "\\\\%s\\%s", t->Server->Name, t->Volume);
        strcpy(i->UserName, t->Server->UserName);
        i->OpenFiles = t->OpenFiles;
        i->ConnectionNumber = NcpConnectionNumber(t->Server->Ncp);
        i->Task = NcpConnectionTask(t->Server->Ncp);
        i->BufferSize = t->Server->BufferSize;
    }
    NwrUnlock();
    return n;
}

/* Whose live tie serves Target (any process may ask). */
NTSTATUS NwrLookupTarget(PCSTR Target, PULONG ProcessId)
{
    NWR_NAME name;
    PNWR_TIE t;
    NTSTATUS status = NwrParseTarget(Target, &name);

    if (!NT_SUCCESS(status))
        return STATUS_OBJECT_TYPE_MISMATCH;
    NwrLock();
    t = NwrpFindForeignTie(NULL, &name, FALSE);
    if (t != NULL)
        *ProcessId = t->ProcessId;
    NwrUnlock();
    return t != NULL ? STATUS_SUCCESS : STATUS_OBJECT_NAME_NOT_FOUND;
}

/* -------------------------------------------------------------- endings */

/* Takes a context off the list and lets go of its ties (lock held): the
   ties to drop are moved to Ties. */
static VOID NwrpDetachContext(PNWR_CONTEXT c, PLIST_ENTRY Ties)
{
    RemoveEntryList(&c->Links);
    c->Ended = TRUE;
    NwrData.Stats.Contexts--;
    NwrData.Stats.ContextsEnded++;
    while (!IsListEmpty(&c->Ties)) {
        PNWR_TIE t = CONTAINING_RECORD(RemoveHeadList(&c->Ties), NWR_TIE, Links);
        t->Deleted = TRUE;
        InsertTailList(Ties, &t->Links);
    }
}

static VOID NwrpDropTies(PLIST_ENTRY Ties)
{
    while (!IsListEmpty(Ties))
        NwrDereferenceTie(CONTAINING_RECORD(RemoveHeadList(Ties), NWR_TIE, Links));
}

/* Ends a context found under the lock: its ties go, and with them its
   server connections. */
static VOID NwrpEndFound(ULONG ProcessId, const LUID *LogonId)
{
    LIST_ENTRY ties;
    PNWR_CONTEXT c;

    InitializeListHead(&ties);
    NwrLock();
    c = NwrpFindContext(ProcessId, LogonId);
    if (c != NULL)
        NwrpDetachContext(c, &ties);
    NwrUnlock();
    if (c == NULL)
        return;
    NwrpDropTies(&ties);
    NwrDereferenceContext(c);
}

/* A process has ended (its handles are already closed): its context goes,
   unless contexts are per logon session. */
VOID NwrEndContext(ULONG ProcessId)
{
    if (!NwrData.PerLogonSession)
        NwrpEndFound(ProcessId, NULL);
}

/* A logon session has ended (its last process has): with contexts per
   logon session, its context goes. */
VOID NwrEndLogonContext(PLUID LogonId)
{
    if (NwrData.PerLogonSession)
        NwrpEndFound(0, LogonId);
}

/* Stop: every context ends; server connections still held by open files
   are ended on the wire now and freed when those files close. Each
   worker is stopped before the goodbye: the IRP it has on the wire ends
   first (the goodbye waits for the connection anyway), and a connection
   that IRP found dead gets no goodbye that would hold up that IRP's end
   behind a time-out of its own. */
VOID NwrEndAllContexts(VOID)
{
    LIST_ENTRY ties, ended;
    PNWR_SERVER busy[32];
    ULONG n = 0;

    InitializeListHead(&ties);
    InitializeListHead(&ended);
    NwrLock();
    while (!IsListEmpty(&NwrData.Contexts)) {
        PNWR_CONTEXT c = CONTAINING_RECORD(NwrData.Contexts.Flink, NWR_CONTEXT, Links);
        NwrpDetachContext(c, &ties);
        InsertTailList(&ended, &c->Links);
        for (PLIST_ENTRY e = c->Servers.Flink; e != &c->Servers && n < ARRAYSIZE(busy);
             e = e->Flink) {
            busy[n] = CONTAINING_RECORD(e, NWR_SERVER, Links);
            busy[n++]->References++;
        }
    }
    NwrUnlock();
    NwrpDropTies(&ties);
    for (ULONG i = 0; i < n; i++) {
        NwrStopWorker(busy[i]);
        NwrpSayGoodbye(busy[i]);
        NcpShutdown(busy[i]->Ncp);
        NwrpDereferenceServer(busy[i]);
    }
    while (!IsListEmpty(&ended))
        NwrDereferenceContext(CONTAINING_RECORD(RemoveHeadList(&ended), NWR_CONTEXT, Links));
}

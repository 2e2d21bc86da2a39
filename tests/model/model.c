/*
 * model.c - the in-memory world basesrv and the network provider run over
 * on the host, and the BASESRV_ENV / NWP_ENV that reach it.
 *
 * Object manager: a link object has a name in \DosDevices while it is
 * permanent, or temporary with a handle still open: DeleteLink makes it
 * temporary and closes its own handle, so a link CIM holds open LINGERS
 * (QueryDosDevice still finds it, CreateLink of the name still collides)
 * until CIM closes. The drive map is the set of \DosDevices\X: names.
 * NWRDR: a connection belongs to the process that made it; another process
 * that touches it gets STATUS_ACCESS_DENIED. Opening a redirector target
 * is the network round trip basesrv's validation makes.
 *
 * Every environment call reports itself through ModelScheduler.Record (so
 * the explorer can tell a process's history, and print the steps) and
 * every Yield goes to ModelScheduler.Park when a coroutine runs.
 *
 * Interface: see model.h.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tests/model/model.h"

#define MODEL_LINKS 8
#define MODEL_HANDLES 8
#define MODEL_CONNECTIONS 8
#define MODEL_NWRDR NWP_DEVICE "\\"

typedef struct _MODEL_LINK {
    BOOLEAN Exists, Named, Temporary;
    ULONG Handles;
    CHAR Name[BASESRV_MAX_NAME + sizeof(BASESRV_DOSDEVICES)];
    BASESRV_TARGET_LIST Targets;
} MODEL_LINK;

typedef struct _MODEL_HANDLE {
    BOOLEAN InUse;
    ULONG ProcessId;
    ULONG Link;
} MODEL_HANDLE;

/* A connection belongs to a user context: its key is the creating
   process's id, or with shared contexts its logon session's. */
typedef struct _MODEL_CONNECTION {
    BOOLEAN Live;
    ULONG ProcessId;                    /* who made it */
    ULONGLONG ContextKey;
    CHAR Target[NWP_MAX_TARGET];
} MODEL_CONNECTION;

static struct {
    MODEL_LINK Links[MODEL_LINKS];
    MODEL_HANDLE Handles[MODEL_HANDLES];
    MODEL_CONNECTION Connections[MODEL_CONNECTIONS];
    ULONG LockOwner;                    /* process id, 0 when free */
    BOOLEAN SharedContexts;             /* NWRDR: one context per logon session */
    MODEL_PROCESS Serial;               /* the caller outside coroutines */
    BASESRV_SERVER Server;
} Model;

static const struct {
    PCSTR Name;
    ULONG ProcessId;
    ULONGLONG LogonId;
} ModelProcessTable[ModelProcesses] = {
    [ModelMmtaA]   = { "A",   0x41, 0x3e7 },
    [ModelMmtaB]   = { "B",   0x42, 0x3e7 },
    [ModelWinFile] = { "W",   0x57, 0x1234 },
    [ModelCim]     = { "CIM", 0x43, 0x3e7 },
};

ULONG ModelProcessId(MODEL_PROCESS Process) { return ModelProcessTable[Process].ProcessId; }
PCSTR ModelProcessName(MODEL_PROCESS Process) { return ModelProcessTable[Process].Name; }

static MODEL_PROCESS ModelCaller(VOID)
{
    return ModelScheduler.Current >= 0 ? ModelScheduler.CurrentProcess() : Model.Serial;
}

static VOID ModelRecord(PCSTR Action, NTSTATUS Status, const VOID *Out, SIZE_T OutLength)
{
    if (ModelScheduler.Record)
        ModelScheduler.Record(Action, Status, Out, OutLength);
}

/* --- object manager ---------------------------------------------------- */

static MODEL_LINK *ModelFindLink(PCSTR Name)
{
    ULONG I;

    for (I = 0; I < MODEL_LINKS; I++) {
        if (Model.Links[I].Named && strcasecmp(Model.Links[I].Name, Name) == 0)
            return &Model.Links[I];
    }
    return NULL;
}

/* A temporary link goes when its last handle closes. */
static VOID ModelDropReference(MODEL_LINK *Link)
{
    if (Link->Handles == 0 && Link->Temporary)
        memset(Link, 0, sizeof(*Link));
}

static NTSTATUS ModelQueryLinkName(PCSTR Name, PCHAR Targets, ULONG Size, PULONG Length)
{
    MODEL_LINK *Link = ModelFindLink(Name);

    *Length = 0;
    if (Link == NULL)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    if (Link->Targets.Length > Size)
        return STATUS_BUFFER_TOO_SMALL;
    memcpy(Targets, Link->Targets.Buffer, Link->Targets.Length);
    *Length = Link->Targets.Length;
    return STATUS_SUCCESS;
}

static NTSTATUS ModelCreateLink(PCSTR Name, PCSTR Targets, ULONG Length)
{
    ULONG I;

    if (ModelFindLink(Name) != NULL)
        return STATUS_OBJECT_NAME_COLLISION;
    if (Length > sizeof(Model.Links[0].Targets.Buffer) || strlen(Name) >= sizeof(Model.Links[0].Name))
        return STATUS_INVALID_PARAMETER;
    for (I = 0; I < MODEL_LINKS; I++) {
        MODEL_LINK *Link = &Model.Links[I];

        if (Link->Exists)
            continue;
        Link->Exists = Link->Named = TRUE;
        strcpy(Link->Name, Name);
        memcpy(Link->Targets.Buffer, Targets, Length);
        Link->Targets.Length = Length;
        return STATUS_SUCCESS;
    }
    return STATUS_INSUFFICIENT_RESOURCES;
}

NTSTATUS ModelOpenLink(PCSTR LinkName, PULONG Handle)
{
    MODEL_LINK *Link = ModelFindLink(LinkName);
    ULONG I;

    if (Link == NULL)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    for (I = 0; I < MODEL_HANDLES; I++) {
        if (Model.Handles[I].InUse)
            continue;
        Model.Handles[I].InUse = TRUE;
        Model.Handles[I].ProcessId = ModelProcessId(ModelCaller());
        Model.Handles[I].Link = (ULONG)(Link - Model.Links);
        Link->Handles++;
        *Handle = I;
        return STATUS_SUCCESS;
    }
    return STATUS_INSUFFICIENT_RESOURCES;
}

NTSTATUS ModelCloseHandle(ULONG Handle)
{
    MODEL_LINK *Link;

    if (Handle >= MODEL_HANDLES || !Model.Handles[Handle].InUse)
        return STATUS_INVALID_HANDLE;
    Link = &Model.Links[Model.Handles[Handle].Link];
    memset(&Model.Handles[Handle], 0, sizeof(Model.Handles[Handle]));
    Link->Handles--;
    ModelDropReference(Link);
    return STATUS_SUCCESS;
}

/* Open, make temporary, close: the name goes now, or with the last handle. */
static NTSTATUS ModelDeleteLink(PCSTR Name)
{
    MODEL_LINK *Link = ModelFindLink(Name);

    if (Link == NULL)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    Link->Temporary = TRUE;
    ModelDropReference(Link);
    return STATUS_SUCCESS;
}

NTSTATUS ModelCreateRawLink(PCSTR LinkName, PCSTR Target)
{
    return ModelCreateLink(LinkName, Target, (ULONG)strlen(Target) + 1);
}

ULONG ModelLinkObjects(VOID)
{
    ULONG I, Count = 0;

    for (I = 0; I < MODEL_LINKS; I++)
        Count += Model.Links[I].Exists;
    return Count;
}

static ULONG ModelDriveMap(VOID)
{
    SIZE_T Prefix = sizeof(BASESRV_DOSDEVICES) - 1;
    ULONG I, Map = 0;

    for (I = 0; I < MODEL_LINKS; I++) {
        MODEL_LINK *Link = &Model.Links[I];
        LONG Drive = Link->Named ? BaseSrvpDriveIndex(Link->Name + Prefix) : -1;

        if (Drive >= 0)
            Map |= 1u << Drive;
    }
    return Map;
}

/* --- NWRDR ---------------------------------------------------------------- */

static BOOLEAN ModelIsRedirectorPath(PCSTR Target)
{
    return strncasecmp(Target, MODEL_NWRDR, sizeof(MODEL_NWRDR) - 1) == 0;
}

/* The live connection for Target, any process's. */
static MODEL_CONNECTION *ModelFindConnection(PCSTR Target)
{
    ULONG I;

    for (I = 0; I < MODEL_CONNECTIONS; I++) {
        if (Model.Connections[I].Live && strcasecmp(Model.Connections[I].Target, Target) == 0)
            return &Model.Connections[I];
    }
    return NULL;
}

/* The user context a process's requests are made in. */
static ULONGLONG ModelContextKey(ULONG ProcessId)
{
    ULONG I;

    if (!Model.SharedContexts)
        return ProcessId;
    for (I = 0; I < ModelProcesses; I++) {
        if (ModelProcessTable[I].ProcessId == ProcessId)
            return ModelProcessTable[I].LogonId << 32;
    }
    abort();
}

/* The live connection of ProcessId's context (or any, with 0) for letter X:. */
static MODEL_CONNECTION *ModelFindLetter(ULONG ProcessId, CHAR Letter)
{
    SIZE_T At = sizeof(MODEL_NWRDR) - 1;
    ULONG I;

    for (I = 0; I < MODEL_CONNECTIONS; I++) {
        MODEL_CONNECTION *C = &Model.Connections[I];

        if (C->Live && (ProcessId == 0 || C->ContextKey == ModelContextKey(ProcessId)) &&
            C->Target[At] == ';' && BaseSrvpEqualNoCase(&C->Target[At + 1], &Letter, 1))
            return C;
    }
    return NULL;
}

ULONG ModelConnectionCount(VOID)
{
    ULONG I, Count = 0;

    for (I = 0; I < MODEL_CONNECTIONS; I++)
        Count += Model.Connections[I].Live;
    return Count;
}

static NTSTATUS ModelCreateConnection(ULONG ProcessId, PCSTR Target)
{
    SIZE_T At = sizeof(MODEL_NWRDR) - 1;
    ULONG I;

    if (!ModelIsRedirectorPath(Target) || Target[At] != ';' || strlen(Target) >= NWP_MAX_TARGET)
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    if (ModelFindLetter(ProcessId, Target[At + 1]) != NULL)
        return STATUS_OBJECT_NAME_COLLISION;
    for (I = 0; I < MODEL_CONNECTIONS; I++) {
        if (Model.Connections[I].Live)
            continue;
        Model.Connections[I].Live = TRUE;
        Model.Connections[I].ProcessId = ProcessId;
        Model.Connections[I].ContextKey = ModelContextKey(ProcessId);
        strcpy(Model.Connections[I].Target, Target);
        return STATUS_SUCCESS;
    }
    return STATUS_INSUFFICIENT_RESOURCES;
}

static NTSTATUS ModelDeleteConnection(ULONG ProcessId, CHAR Letter, PCHAR Target, ULONG Size)
{
    MODEL_CONNECTION *C = ModelFindLetter(ProcessId, Letter);

    if (C == NULL)
        return ModelFindLetter(0, Letter) ? STATUS_ACCESS_DENIED : STATUS_OBJECT_NAME_NOT_FOUND;
    if (strlen(C->Target) >= Size)
        return STATUS_BUFFER_TOO_SMALL;
    strcpy(Target, C->Target);
    memset(C, 0, sizeof(*C));
    return STATUS_SUCCESS;
}

/* A target's drive type, as the caller opening it learns it: a local
   device is fixed; a redirector target opens only through a live
   connection of the caller's own context (else DRIVE_UNKNOWN). */
static ULONG ModelTargetType(ULONG ProcessId, PCSTR Target)
{
    MODEL_CONNECTION *C;

    if (!ModelIsRedirectorPath(Target))
        return DRIVE_FIXED;
    C = ModelFindConnection(Target);
    if (C == NULL || C->ContextKey != ModelContextKey(ProcessId))
        return DRIVE_UNKNOWN;
    return DRIVE_REMOTE;
}

static NTSTATUS ModelLookupConnection(PCSTR Target, PULONG ProcessId)
{
    MODEL_CONNECTION *C;

    if (!ModelIsRedirectorPath(Target))
        return STATUS_OBJECT_TYPE_MISMATCH;
    C = ModelFindConnection(Target);
    if (C == NULL)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    *ProcessId = C->ProcessId;
    return STATUS_SUCCESS;
}

/* --- the environments ------------------------------------------------------- */

static VOID EnvYield(PVOID Context)
{
    if (ModelScheduler.Current >= 0)
        ModelScheduler.Park(FALSE);
}

BOOLEAN ModelLockFree(VOID) { return Model.LockOwner == 0; }

static VOID EnvAcquireLock(PVOID Context)
{
    while (Model.LockOwner != 0) {
        if (ModelScheduler.Current < 0)
            abort();                    /* a serial caller never waits */
        ModelScheduler.Park(TRUE);
    }
    Model.LockOwner = ModelProcessId(ModelCaller());
    ModelRecord("lock", STATUS_SUCCESS, NULL, 0);
}

static VOID EnvReleaseLock(PVOID Context)
{
    Model.LockOwner = 0;
    ModelRecord("unlock", STATUS_SUCCESS, NULL, 0);
}

static ULONG EnvCallerProcessId(PVOID Context) { return ModelProcessId(ModelCaller()); }
static ULONGLONG EnvCallerLogonId(PVOID Context) { return ModelProcessTable[ModelCaller()].LogonId; }

static NTSTATUS EnvQueryLink(PVOID Context, PCSTR Name, PCHAR Targets, ULONG Size, PULONG Length)
{
    NTSTATUS Status = ModelQueryLinkName(Name, Targets, Size, Length);

    ModelRecord("QueryLink", Status, Targets, *Length);
    return Status;
}

static NTSTATUS EnvCreateLink(PVOID Context, PCSTR Name, PCSTR Targets, ULONG Length)
{
    NTSTATUS Status = ModelCreateLink(Name, Targets, Length);

    ModelRecord("CreateLink", Status, Targets, Length);
    return Status;
}

static NTSTATUS EnvDeleteLink(PVOID Context, PCSTR Name)
{
    NTSTATUS Status = ModelDeleteLink(Name);

    ModelRecord(ModelFindLink(Name) ? "DeleteLink (lingers)" : "DeleteLink", Status, NULL, 0);
    return Status;
}

static ULONG EnvQueryTargetType(PVOID Context, PCSTR Target)
{
    ULONG Type = ModelTargetType(ModelProcessId(ModelCaller()), Target);

    ModelRecord(Type == DRIVE_REMOTE ? "type query: remote" : "type query: unknown",
                STATUS_SUCCESS, Target, strlen(Target) + 1);
    return Type;
}

static NTSTATUS EnvLookupConnection(PVOID Context, PCSTR Target, PULONG ProcessId)
{
    return ModelLookupConnection(Target, ProcessId);
}

static ULONG EnvQueryDriveMap(PVOID Context) { return ModelDriveMap(); }

static BASESRV_ENV ModelBaseSrv = {
    NULL, EnvYield, EnvAcquireLock, EnvReleaseLock, EnvCallerProcessId, EnvCallerLogonId,
    EnvQueryLink, EnvCreateLink, EnvDeleteLink, EnvQueryTargetType, EnvLookupConnection,
    EnvQueryDriveMap, NULL,
};

static NTSTATUS EnvQueryDosDevice(PVOID Context, PCSTR DeviceName, PCHAR Targets, ULONG Size,
                                  PULONG Length)
{
    CHAR Name[sizeof(BASESRV_DOSDEVICES) + BASESRV_MAX_NAME];
    NTSTATUS Status = BaseSrvpLinkName(DeviceName, Name, sizeof(Name));

    *Length = 0;
    if (NT_SUCCESS(Status))
        Status = ModelQueryLinkName(Name, Targets, Size, Length);
    ModelRecord("QueryDosDevice (client)", Status, Targets, *Length);
    return Status;
}

static NTSTATUS EnvDefineDosDevice(PVOID Context, ULONG Flags, PCSTR DeviceName, PCSTR TargetPath)
{
    return BaseSrvDefineDosDevice(&Model.Server, Flags, DeviceName, TargetPath);
}

static NTSTATUS EnvCreateConnection(PVOID Context, PCSTR Target, PCSTR UserName,
                                    PCSTR Password)
{
    NTSTATUS Status = ModelCreateConnection(ModelProcessId(ModelCaller()), Target);

    ModelRecord("FSCTL create connection", Status, Target, strlen(Target) + 1);
    return Status;
}

/* "\\SERVER\VOLUME" of the caller's context's connection for the letter. */
static NTSTATUS EnvGetConnection(PVOID Context, PCSTR LocalName, PCHAR Remote, ULONG Size)
{
    ULONG ProcessId = ModelProcessId(ModelCaller());
    MODEL_CONNECTION *C = ModelFindLetter(ProcessId, LocalName[0]);
    SIZE_T At = sizeof(MODEL_NWRDR) - 1 + 3;    /* past ";X:" */
    NTSTATUS Status = STATUS_SUCCESS;

    if (C == NULL)
        Status = ModelFindLetter(0, LocalName[0]) ? STATUS_ACCESS_DENIED
                                                  : STATUS_OBJECT_NAME_NOT_FOUND;
    else if (strlen(C->Target + At) + 2 > Size)
        Status = STATUS_BUFFER_TOO_SMALL;
    else
        snprintf(Remote, Size, "\\\\%s", C->Target + At + 1);
    ModelRecord("FSCTL get connection", Status, NT_SUCCESS(Status) ? C->Target : NULL,
                NT_SUCCESS(Status) ? strlen(C->Target) + 1 : 0);
    return Status;
}

static NTSTATUS EnvDeleteConnection(PVOID Context, PCSTR LocalName, PCHAR Target, ULONG Size)
{
    NTSTATUS Status = ModelDeleteConnection(ModelProcessId(ModelCaller()), LocalName[0],
                                            Target, Size);

    ModelRecord("FSCTL delete connection", Status, Target,
                NT_SUCCESS(Status) ? strlen(Target) + 1 : 0);
    return Status;
}

static NWP_ENV ModelNwp = {
    NULL, EnvYield, EnvQueryDosDevice, EnvDefineDosDevice, EnvCreateConnection,
    EnvGetConnection, EnvDeleteConnection,
};

PBASESRV_ENV ModelBaseSrvEnv(VOID) { return &ModelBaseSrv; }
PNWP_ENV ModelNwpEnv(VOID) { return &ModelNwp; }
PBASESRV_SERVER ModelServer(VOID) { return &Model.Server; }
PBASESRV_DRIVE_ENTRY ModelDriveEntry(ULONG Drive) { return &Model.Server.Drives[Drive]; }

/* A link's targets as "t1|t2|t3", "" when there is no link (for asserts). */
const char *ModelLinkTargets(PCSTR LinkName)
{
    static char Text[BASESRV_MAX_TARGETS];
    ULONG Length, I;

    Text[0] = '\0';
    if (!NT_SUCCESS(ModelQueryLinkName(LinkName, Text, sizeof(Text) - 1, &Length)))
        return "";
    Text[Length] = '\0';
    for (I = 0; I + 1 < Length; I++)
        Text[I] = Text[I] ? Text[I] : '|';
    return Text;
}
VOID ModelSetSerialProcess(MODEL_PROCESS Process) { Model.Serial = Process; }

VOID ModelReset(BASESRV_VARIANT Variant, BOOLEAN SharedContexts)
{
    memset(&Model, 0, sizeof(Model));
    Model.SharedContexts = SharedContexts;
    if (!NT_SUCCESS(BaseSrvInitialize(&Model.Server, Variant, &ModelBaseSrv)))
        abort();
}

/* --- operations and the world's fingerprint ----------------------------------- */

static const struct {
    PCSTR Name;
    MODEL_PROCESS Process;
} ModelOpTable[ModelOps] = {
    [ModelUseA]        = { "A: net use X: \\\\NW1\\MAIL", ModelMmtaA },
    [ModelUseB]        = { "B: net use X: \\\\NW1\\SYS", ModelMmtaB },
    [ModelDeleteA]     = { "A: net use X: /delete", ModelMmtaA },
    [ModelDeleteB]     = { "B: net use X: /delete", ModelMmtaB },
    [ModelRemoveExact] = { "W: DefineDosDevice(REMOVE|RAW|EXACT, X:, A's target)", ModelWinFile },
    [ModelHold]        = { "CIM: open X:, hold, close", ModelCim },
};

PCSTR ModelOpName(MODEL_OP Op) { return ModelOpTable[Op].Name; }
MODEL_PROCESS ModelOpProcess(MODEL_OP Op) { return ModelOpTable[Op].Process; }

/* CIM enumerating drives: a handle to the link, held across a yield. */
static ULONG ModelHoldLink(VOID)
{
    ULONG Handle;
    NTSTATUS Status;

    EnvYield(NULL);
    Status = ModelOpenLink(BASESRV_DOSDEVICES "X:", &Handle);
    ModelRecord("open link (CIM)", Status, NULL, 0);
    if (!NT_SUCCESS(Status))
        return (ULONG)Status;
    EnvYield(NULL);
    Status = ModelCloseHandle(Handle);
    ModelRecord("close handle (CIM)", Status, NULL, 0);
    return (ULONG)Status;
}

ULONG ModelRunOp(MODEL_OP Op)
{
    switch (Op) {
    case ModelUseA:
        return NwpAddConnection(&ModelNwp, "X:", "\\\\NW1\\MAIL", NULL, NULL);
    case ModelUseB:
        return NwpAddConnection(&ModelNwp, "X:", "\\\\NW1\\SYS", NULL, NULL);
    case ModelDeleteA:
    case ModelDeleteB:
        return NwpCancelConnection(&ModelNwp, "X:");
    case ModelRemoveExact:
        return (ULONG)BaseSrvDefineDosDevice(&Model.Server, DDD_REMOVE_DEFINITION |
                                             DDD_RAW_TARGET_PATH | DDD_EXACT_MATCH_ON_REMOVE,
                                             "X:", MODEL_TARGET_A);
    case ModelHold:
        return ModelHoldLink();
    default:
        abort();
    }
}

static VOID ModelHash(uint64_t Hash[2], const VOID *Data, SIZE_T Length)
{
    const UCHAR *Byte = Data;
    SIZE_T I;

    for (I = 0; I < Length; I++) {
        Hash[0] = (Hash[0] ^ Byte[I]) * 0x100000001b3ull;
        Hash[1] = (Hash[1] ^ Byte[I]) * 0x100000001b3ull + 0x9e3779b97f4a7c15ull;
    }
}

#define ModelHashField(Hash, Field) ModelHash(Hash, &(Field), sizeof(Field))

/* Fold everything the future of a schedule depends on, but the processes'
   own state (explore.c adds that), into Hash. */
VOID ModelHashWorld(uint64_t Hash[2])
{
    ULONG I;

    for (I = 0; I < MODEL_LINKS; I++) {
        MODEL_LINK *L = &Model.Links[I];

        ModelHashField(Hash, L->Exists);
        if (!L->Exists)
            continue;
        ModelHashField(Hash, L->Named);
        ModelHashField(Hash, L->Temporary);
        ModelHashField(Hash, L->Handles);
        ModelHash(Hash, L->Name, strlen(L->Name) + 1);
        ModelHashField(Hash, L->Targets.Length);
        ModelHash(Hash, L->Targets.Buffer, L->Targets.Length);
    }
    for (I = 0; I < MODEL_HANDLES; I++) {
        ModelHashField(Hash, Model.Handles[I].InUse);
        ModelHashField(Hash, Model.Handles[I].ProcessId);
        ModelHashField(Hash, Model.Handles[I].Link);
    }
    for (I = 0; I < MODEL_CONNECTIONS; I++) {
        ModelHashField(Hash, Model.Connections[I].Live);
        ModelHashField(Hash, Model.Connections[I].ProcessId);
        ModelHashField(Hash, Model.Connections[I].ContextKey);
        ModelHash(Hash, Model.Connections[I].Target, strlen(Model.Connections[I].Target) + 1);
    }
    ModelHashField(Hash, Model.LockOwner);
    for (I = 0; I < BASESRV_DRIVES; I++) {
        ModelHashField(Hash, Model.Server.Drives[I].State);
        ModelHashField(Hash, Model.Server.Drives[I].OwnerProcessId);
        ModelHashField(Hash, Model.Server.Drives[I].OwnerLogonId);
        ModelHashField(Hash, Model.Server.Drives[I].References);
    }
}

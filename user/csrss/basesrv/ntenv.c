/*
 * ntenv.c - basesrv's environment in CSRSS: BASESRV_ENV (basesrv.h) over
 * the native API. Each function is the native calls basesrv.h lists.
 *
 * Who is calling: the server thread serving a request points its TEB's
 * CsrClientThread at a BASESRV_CLIENT (the LPC message's process id and
 * the logon session CSRSS read from that process at connection time).
 *
 * The type query's open (QueryTargetType) is made by the server thread as
 * the caller: it impersonates the LPC client of the request it serves
 * (NtImpersonateClientOfPort) and reverts after, as NT's CSRSS does, so
 * that a redirector keeping a user context per process judges the open
 * by the caller's process, not CSRSS's.
 *
 * Yield is NtYieldExecution: a schedule point under sched=pct. The lock's
 * acquire and release and every drive-table write are NtTraceMark
 * records, for the timeline.
 *
 * Interface: BaseSrvNtEnvironment (basesrv.h).
 */
#include <string.h>
#include <strings.h>

#include "ntob.h"
#include "ntio.h"
#include "ntlpc.h"
#include "ntps.h"
#include "basesrv.h"
#include "nwrdr.h"

static HANDLE BaseSrvpLock;

static VOID NtEnvYield(PVOID Context)
{
    NtYieldExecution();
}

static VOID NtEnvAcquireLock(PVOID Context)
{
    NtWaitForSingleObject(BaseSrvpLock, FALSE, NULL);
    NtTraceMark(TRACE_USER_LOCK, 1, 0);
}

static VOID NtEnvReleaseLock(PVOID Context)
{
    NtTraceMark(TRACE_USER_LOCK, 0, 0);
    NtReleaseMutant(BaseSrvpLock, NULL);
}

/* For the event trace: the timeline shows basesrv's lock and its writes. */
static VOID NtEnvNoteEntry(PVOID Context, ULONG Drive, ULONG State)
{
    NtTraceMark(TRACE_USER_ENTRY, Drive, State);
}

static ULONG NtEnvCallerProcessId(PVOID Context)
{
    PBASESRV_CLIENT client = NtCurrentTeb()->CsrClientThread;

    return client != NULL ? client->ProcessId : 0;
}

static ULONGLONG NtEnvCallerLogonId(PVOID Context)
{
    PBASESRV_CLIENT client = NtCurrentTeb()->CsrClientThread;

    return client != NULL ? client->LogonId : 0;
}

static VOID NtEnvAttributes(POBJECT_ATTRIBUTES Attributes, PSTRING Name, PCSTR Text, ULONG Flags)
{
    Name->Length = Name->MaximumLength = (USHORT)strlen(Text);
    Name->Buffer = (PCHAR)Text;
    InitializeObjectAttributes(Attributes, Name, OBJ_CASE_INSENSITIVE | Flags, NULL, NULL);
}

static NTSTATUS NtEnvQueryLink(PVOID Context, PCSTR LinkName, PCHAR Targets, ULONG Size,
                               PULONG Length)
{
    OBJECT_ATTRIBUTES oa;
    STRING name, target = { 0, (USHORT)Size, Targets };
    HANDLE link;
    NTSTATUS status;

    NtEnvAttributes(&oa, &name, LinkName, 0);
    status = NtOpenSymbolicLinkObject(&link, SYMBOLIC_LINK_QUERY, &oa);
    if (!NT_SUCCESS(status))
        return status;
    status = NtQuerySymbolicLinkObject(link, &target, NULL);
    *Length = target.Length;
    NtClose(link);
    return status;
}

static NTSTATUS NtEnvCreateLink(PVOID Context, PCSTR LinkName, PCSTR Targets, ULONG Length)
{
    OBJECT_ATTRIBUTES oa;
    STRING name, target = { (USHORT)Length, (USHORT)Length, (PCHAR)Targets };
    HANDLE link;
    NTSTATUS status;

    NtEnvAttributes(&oa, &name, LinkName, OBJ_PERMANENT);
    status = NtCreateSymbolicLinkObject(&link, SYMBOLIC_LINK_ALL_ACCESS, &oa, &target);
    if (NT_SUCCESS(status))
        NtClose(link);
    return status;
}

static NTSTATUS NtEnvDeleteLink(PVOID Context, PCSTR LinkName)
{
    OBJECT_ATTRIBUTES oa;
    STRING name;
    HANDLE link;
    NTSTATUS status;

    NtEnvAttributes(&oa, &name, LinkName, 0);
    status = NtOpenSymbolicLinkObject(&link, DELETE, &oa);
    if (!NT_SUCCESS(status))
        return status;
    status = NtMakeTemporaryObject(link);
    NtClose(link);
    return status;
}

static NTSTATUS NtEnvOpen(PCSTR Path, PHANDLE Handle)
{
    OBJECT_ATTRIBUTES oa;
    STRING name;
    IO_STATUS_BLOCK iosb;

    NtEnvAttributes(&oa, &name, Path, 0);
    return NtOpenFile(Handle, SYNCHRONIZE | GENERIC_READ, &oa, &iosb, 0,
                      FILE_SYNCHRONOUS_IO_NONALERT);
}

static NTSTATUS NtEnvRevert(VOID)
{
    HANDLE self = NULL;

    return NtSetInformationThread(NtCurrentThread(), ThreadImpersonationToken, &self,
                                  sizeof(self));
}

/* What GetDriveType would say of a device with these characteristics. */
static ULONG NtEnvDriveType(const FILE_FS_DEVICE_INFORMATION *Device)
{
    if (Device->Characteristics & FILE_REMOTE_DEVICE)
        return DRIVE_REMOTE;
    if (Device->Characteristics & FILE_REMOVABLE_MEDIA)
        return DRIVE_REMOVABLE;
    return DRIVE_FIXED;
}

static ULONG NtEnvQueryTargetType(PVOID Context, PCSTR Target)
{
    PBASESRV_CLIENT client = NtCurrentTeb()->CsrClientThread;
    FILE_FS_DEVICE_INFORMATION device;
    IO_STATUS_BLOCK iosb;
    HANDLE file;
    NTSTATUS status = STATUS_SUCCESS;

    if (client != NULL)
        status = NtImpersonateClientOfPort(client->Port, client->Request);
    if (NT_SUCCESS(status))
        status = NtEnvOpen(Target, &file);
    if (client != NULL)
        NtEnvRevert();
    if (!NT_SUCCESS(status))
        return DRIVE_UNKNOWN;
    status = NtQueryVolumeInformationFile(file, &iosb, &device, sizeof(device),
                                          FileFsDeviceInformation);
    NtClose(file);
    return NT_SUCCESS(status) ? NtEnvDriveType(&device) : DRIVE_UNKNOWN;
}

static NTSTATUS NtEnvLookupConnection(PVOID Context, PCSTR Target, PULONG ProcessId)
{
    IO_STATUS_BLOCK iosb;
    HANDLE rdr;
    NTSTATUS status;

    if (strncasecmp(Target, NWR_DEVICE_NAME "\\", sizeof(NWR_DEVICE_NAME)) != 0)
        return STATUS_OBJECT_TYPE_MISMATCH;
    status = NtEnvOpen(NWR_DEVICE_NAME, &rdr);
    if (!NT_SUCCESS(status))
        return STATUS_OBJECT_NAME_NOT_FOUND;     /* no redirector: nothing is live */
    status = NtFsControlFile(rdr, NULL, NULL, NULL, &iosb, FSCTL_NWR_LOOKUP_CONNECTION,
                             (PVOID)Target, strlen(Target) + 1, ProcessId, sizeof(*ProcessId));
    NtClose(rdr);
    return status;
}

static ULONG NtEnvQueryDriveMap(PVOID Context)
{
    OB_DRIVE_MAP map;

    if (!NT_SUCCESS(NtQueryInformationProcess(NtCurrentProcess(), ProcessDeviceMap, &map,
                                              sizeof(map), NULL)))
        return 0;
    return map.DriveMap;
}

static BASESRV_ENV BaseSrvpNtEnv = {
    NULL, NtEnvYield, NtEnvAcquireLock, NtEnvReleaseLock, NtEnvCallerProcessId,
    NtEnvCallerLogonId, NtEnvQueryLink, NtEnvCreateLink, NtEnvDeleteLink, NtEnvQueryTargetType,
    NtEnvLookupConnection, NtEnvQueryDriveMap, NtEnvNoteEntry,
};

/* The environment, with the basesrv lock made (a mutant in CSRSS). */
NTSTATUS BaseSrvNtEnvironment(PBASESRV_ENV *Env)
{
    NTSTATUS status = NtCreateMutant(&BaseSrvpLock, MUTANT_ALL_ACCESS, NULL, FALSE);

    *Env = &BaseSrvpNtEnv;
    return status;
}

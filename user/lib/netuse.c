/*
 * netuse.c - `net use` for irplab's processes: the NetWare provider
 * (provider.c) over the native API, and the WNet calls that reach it.
 *
 * The provider's environment (NWP_ENV, mpr.h): QueryDosDevice reads the
 * link in the client (kernel32's, no CSRSS); DefineDosDevice is the LPC
 * request to CSRSS; the connection FSCTLs go to \Device\NwRdr from the
 * calling process (include/nwrdr.h); Yield is NtYieldExecution.
 *
 * As Windows documents them: WNetAddConnection2A takes a disk resource
 * with a local name (irplab has no deviceless connections: a NULL local
 * name is ERROR_BAD_DEVICE), a NULL user name for the caller's own and a
 * NULL password for none; WNetGetConnectionA answers ERROR_MORE_DATA with
 * the length needed when the buffer is short, ERROR_NOT_CONNECTED for a
 * letter no connection of the caller's holds.
 *
 * Interface: WNetAddConnectionA, WNetAddConnection2A, WNetCancelConnectionA,
 * WNetCancelConnection2A, WNetGetConnectionA, NwpEnumConnections
 * (kernel32.h).
 */
#include <string.h>

#include "ntob.h"
#include "ntio.h"
#include "user/lib/kernel32.h"
#include "user/lib/mpr.h"
#include "user/lib/winerror.h"
#include "nwrdr.h"

static VOID NwpYield(PVOID Context)
{
    NtYieldExecution();
}

static NTSTATUS NwpQueryDosDevice(PVOID Context, PCSTR DeviceName, PCHAR Targets, ULONG Size,
                                  PULONG Length)
{
    return BasepQueryDosDevice(DeviceName, Targets, Size, Length);
}

static NTSTATUS NwpDefineDosDevice(PVOID Context, ULONG Flags, PCSTR DeviceName,
                                   PCSTR TargetPath)
{
    return BasepDefineDosDevice(Flags, DeviceName, TargetPath);
}

/* One FSCTL to NWRDR, on a handle of this process's; *Returned its size. */
static NTSTATUS NwpControl(ULONG Code, const VOID *In, ULONG InLength, PVOID Out, ULONG OutLength,
                           PULONG Returned)
{
    STRING name = { sizeof(NWR_DEVICE_NAME) - 1, sizeof(NWR_DEVICE_NAME) - 1,
                    (PCHAR)NWR_DEVICE_NAME };
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb = { 0 };
    HANDLE rdr;
    NTSTATUS status;

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = NtOpenFile(&rdr, SYNCHRONIZE, &oa, &iosb, 0, FILE_SYNCHRONOUS_IO_NONALERT);
    if (!NT_SUCCESS(status))
        return STATUS_BAD_NETWORK_PATH;     /* the redirector is not loaded */
    status = NtFsControlFile(rdr, NULL, NULL, NULL, &iosb, Code, (PVOID)In, InLength, Out,
                             OutLength);
    NtClose(rdr);
    if (Returned != NULL)
        *Returned = NT_SUCCESS(status) ? (ULONG)iosb.Information : 0;
    return status;
}

static BOOLEAN NwpCopy(PCHAR Out, SIZE_T Size, PCSTR Text)
{
    if (Text == NULL)
        Text = "";
    if (strlen(Text) >= Size)
        return FALSE;
    strcpy(Out, Text);
    return TRUE;
}

static NTSTATUS NwpCreateConnection(PVOID Context, PCSTR Target, PCSTR UserName, PCSTR Password)
{
    NWR_CONNECT_REQUEST r;

    memset(&r, 0, sizeof(r));
    if (!NwpCopy(r.Target, sizeof(r.Target), Target) ||
        !NwpCopy(r.UserName, sizeof(r.UserName), UserName) ||
        !NwpCopy(r.Password, sizeof(r.Password), Password))
        return STATUS_INVALID_PARAMETER;
    return NwpControl(FSCTL_NWR_CREATE_CONNECTION, &r, sizeof(r), NULL, 0, NULL);
}

static NTSTATUS NwpGetConnection(PVOID Context, PCSTR LocalName, PCHAR Remote, ULONG Size)
{
    CHAR letter[3] = { LocalName[0], ':', '\0' };

    return NwpControl(FSCTL_NWR_GET_CONNECTION, letter, sizeof(letter), Remote, Size, NULL);
}

/* Context carries WNetCancelConnection2A's Force (NULL: not forced). */
static NTSTATUS NwpDeleteConnection(PVOID Context, PCSTR LocalName, PCHAR Target, ULONG Size)
{
    NWR_DISCONNECT_REQUEST r = { { LocalName[0], ':', '\0' }, (ULONG)(ULONG_PTR)Context };

    return NwpControl(FSCTL_NWR_DELETE_CONNECTION, &r, sizeof(r), Target, Size, NULL);
}

static NWP_ENV NwpNtEnv = {
    NULL, NwpYield, NwpQueryDosDevice, NwpDefineDosDevice, NwpCreateConnection,
    NwpGetConnection, NwpDeleteConnection,
};

static DWORD NwpLastError(DWORD Error)
{
    SetLastError(Error);
    return Error;
}

/* net use LOCAL REMOTE: the caller's user name, Password or none. */
DWORD WNetAddConnectionA(PCSTR RemoteName, PCSTR Password, PCSTR LocalName)
{
    return NwpLastError(NwpAddConnection(&NwpNtEnv, LocalName, RemoteName, NULL, Password));
}

DWORD WNetAddConnection2A(const NETRESOURCEA *NetResource, PCSTR Password, PCSTR UserName,
                          DWORD Flags)
{
    if (NetResource == NULL || NetResource->dwType != RESOURCETYPE_DISK)
        return NwpLastError(ERROR_INVALID_PARAMETER);
    if (NetResource->lpLocalName == NULL)
        return NwpLastError(ERROR_BAD_DEVICE);
    return NwpLastError(NwpAddConnection(&NwpNtEnv, NetResource->lpLocalName,
                                         NetResource->lpRemoteName, UserName, Password));
}

/* net use NAME /delete [with files open: Force]. */
DWORD WNetCancelConnection2A(PCSTR Name, DWORD Flags, BOOL Force)
{
    NWP_ENV env = NwpNtEnv;

    if (Name == NULL)
        return NwpLastError(ERROR_INVALID_PARAMETER);
    env.Context = (PVOID)(ULONG_PTR)(Force != 0);
    return NwpLastError(NwpCancelConnection(&env, Name));
}

DWORD WNetCancelConnectionA(PCSTR Name, BOOL Force)
{
    return WNetCancelConnection2A(Name, 0, Force);
}

DWORD WNetGetConnectionA(PCSTR LocalName, PCHAR RemoteName, PDWORD Length)
{
    CHAR letter[3], remote[NWR_MAX_TARGET];
    ULONG returned;
    NTSTATUS status;

    if (LocalName == NULL || Length == NULL || (RemoteName == NULL && *Length != 0))
        return NwpLastError(ERROR_INVALID_PARAMETER);
    if (strlen(LocalName) != 2 || LocalName[1] != ':')
        return NwpLastError(ERROR_BAD_DEVICE);
    memcpy(letter, LocalName, 3);
    status = NwpControl(FSCTL_NWR_GET_CONNECTION, letter, sizeof(letter), remote, sizeof(remote),
                        &returned);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND || status == STATUS_BAD_NETWORK_PATH)
        return NwpLastError(ERROR_NOT_CONNECTED);
    if (!NT_SUCCESS(status))
        return NwpLastError(BasepNtStatusToWin32Error(status));
    if (returned > *Length) {
        *Length = returned;
        return NwpLastError(ERROR_MORE_DATA);
    }
    memcpy(RemoteName, remote, returned);
    return NwpLastError(ERROR_SUCCESS);
}

/* The caller's connections, for `net use`: as many as fit in Size bytes,
   List->Count all of them. */
DWORD NwpEnumConnections(PNWR_CONNECTION_LIST List, DWORD Size)
{
    NTSTATUS status;

    if (List == NULL || Size < sizeof(*List))
        return NwpLastError(ERROR_INVALID_PARAMETER);
    status = NwpControl(FSCTL_NWR_ENUM_CONNECTIONS, NULL, 0, List, Size, NULL);
    if (status == STATUS_BAD_NETWORK_PATH) {
        List->Count = 0;                    /* no redirector: no connections */
        status = STATUS_SUCCESS;
    }
    return NwpLastError(BasepNtStatusToWin32Error(status));
}

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
 * with a local name, a NULL user name for the caller's own and a NULL
 * password for none. WNetUseConnectionA does the same and, with
 * CONNECT_REDIRECT and no local name, redirects the first letter from C:
 * up that GetLogicalDrives does not show (NT 3.51's order; XP's goes down
 * from Z:), ERROR_NO_MORE_ITEMS when there is none; it copies the letter
 * it redirected to lpAccessName (ERROR_MORE_DATA and the size needed, in
 * characters with the NUL, before anything is connected, when that is
 * short) and answers CONNECT_LOCALDRIVE in lpResult. WNetGetConnectionA
 * takes "x:" as "X:", answers ERROR_MORE_DATA with the length needed when
 * the buffer is short, ERROR_NOT_CONNECTED for a letter no connection of
 * the caller's holds, and ERROR_INVALID_ADDRESS (WN_BAD_POINTER) for a
 * NULL name or length, or a NULL buffer with a length, as MPR does.
 * WNetGetProviderNameA names the one provider (WNNC_NET_NETWARE).
 *
 * Deviations, on purpose: no deviceless connections (NWRDR ties every
 * connection to a letter), so a NULL or empty local name without
 * CONNECT_REDIRECT is ERROR_BAD_DEVICE; no profile, so
 * CONNECT_UPDATE_PROFILE is accepted and remembers nothing; no dialogs
 * (CONNECT_INTERACTIVE and CONNECT_PROMPT are ignored); the provider's
 * name is "NetWare Compatible Network", chosen for NT 3.51's Client
 * Services for NetWare (NT 4.0's says "NetWare or Compatible Network";
 * 3.51's own could not be confirmed).
 *
 * Interface: WNetAddConnectionA, WNetAddConnection2A, WNetUseConnectionA,
 * WNetCancelConnectionA, WNetCancelConnection2A, WNetGetConnectionA,
 * WNetGetProviderNameA, NwpEnumConnections (kernel32.h).
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

/* The first letter from C: that no drive holds ("X:"), FALSE if none. */
static BOOLEAN NwpFreeLetter(PCHAR Local)
{
    DWORD drives = GetLogicalDrives();

    for (CHAR c = 'C'; c <= 'Z'; c++) {
        if (!((drives >> (c - 'A')) & 1)) {
            Local[0] = c;
            Local[1] = ':';
            Local[2] = '\0';
            return TRUE;
        }
    }
    return FALSE;
}

/* The local name a use connects: the one given (upper-cased), or with
   CONNECT_REDIRECT and none given a free letter. A Win32 error. */
static DWORD NwpUseLocalName(PCSTR Given, DWORD Flags, PCHAR Local)
{
    if (Given == NULL || Given[0] == '\0') {
        if (!(Flags & CONNECT_REDIRECT))
            return ERROR_BAD_DEVICE;        /* no deviceless connections */
        return NwpFreeLetter(Local) ? ERROR_SUCCESS : ERROR_NO_MORE_ITEMS;
    }
    if (strlen(Given) != 2 || Given[1] != ':')
        return ERROR_BAD_DEVICE;
    Local[0] = (CHAR)(Given[0] >= 'a' && Given[0] <= 'z' ? Given[0] - 'a' + 'A' : Given[0]);
    Local[1] = ':';
    Local[2] = '\0';
    return ERROR_SUCCESS;
}

DWORD WNetUseConnectionA(PVOID Owner, const NETRESOURCEA *NetResource, PCSTR Password,
                         PCSTR UserId, DWORD Flags, PCHAR AccessName, PDWORD BufferSize,
                         PDWORD Result)
{
    CHAR local[3];
    DWORD error;

    if (NetResource == NULL || (AccessName != NULL && BufferSize == NULL))
        return NwpLastError(ERROR_INVALID_PARAMETER);
    if (NetResource->dwType != RESOURCETYPE_DISK && NetResource->dwType != RESOURCETYPE_ANY)
        return NwpLastError(ERROR_BAD_DEV_TYPE);
    if (NetResource->lpRemoteName == NULL)
        return NwpLastError(ERROR_BAD_NET_NAME);
    error = NwpUseLocalName(NetResource->lpLocalName, Flags, local);
    if (error != ERROR_SUCCESS)
        return NwpLastError(error);
    if (AccessName != NULL && *BufferSize < sizeof(local)) {
        *BufferSize = sizeof(local);
        return NwpLastError(ERROR_MORE_DATA);
    }
    error = NwpAddConnection(&NwpNtEnv, local, NetResource->lpRemoteName, UserId, Password);
    if (error != ERROR_SUCCESS)
        return NwpLastError(error);
    if (AccessName != NULL)
        memcpy(AccessName, local, sizeof(local));
    if (Result != NULL)
        *Result = CONNECT_LOCALDRIVE;
    return NwpLastError(ERROR_SUCCESS);
}

/* net use NAME /delete [with files open: Force]. */
DWORD WNetCancelConnection2A(PCSTR Name, DWORD Flags, BOOL Force)
{
    NWP_ENV env = NwpNtEnv;
    CHAR local[3];

    if (Name == NULL)
        return NwpLastError(ERROR_INVALID_PARAMETER);
    env.Context = (PVOID)(ULONG_PTR)(Force != 0);
    if (NwpUseLocalName(Name, 0, local) == ERROR_SUCCESS)
        Name = local;                       /* "x:" is "X:" */
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
        return NwpLastError(WN_BAD_POINTER);
    if (NwpUseLocalName(LocalName, 0, letter) != ERROR_SUCCESS)
        return NwpLastError(ERROR_BAD_DEVICE);
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

/* The provider's name for its network type; the size needed (characters
   with the NUL) and ERROR_MORE_DATA when the buffer is short. */
DWORD WNetGetProviderNameA(DWORD NetType, PCHAR ProviderName, PDWORD BufferSize)
{
    if (BufferSize == NULL || (ProviderName == NULL && *BufferSize != 0))
        return NwpLastError(WN_BAD_POINTER);
    if ((NetType & 0xFFFF0000u) != WNNC_NET_NETWARE)
        return NwpLastError(ERROR_NO_NETWORK);
    if (*BufferSize < sizeof(NWP_PROVIDER_NAME)) {
        *BufferSize = sizeof(NWP_PROVIDER_NAME);
        return NwpLastError(ERROR_MORE_DATA);
    }
    memcpy(ProviderName, NWP_PROVIDER_NAME, sizeof(NWP_PROVIDER_NAME));
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

/*
 * netuse.c - `net use` for irplab's processes: the NetWare provider
 * (provider.c) over the native API, and the Win32 calls that reach it.
 *
 * The provider's environment (NWP_ENV, mpr.h): QueryDosDevice reads the
 * link in the client (kernel32's, no CSRSS); DefineDosDevice is the LPC
 * request to CSRSS; the connection FSCTLs go to \Device\NwRdr from the
 * calling process (include/nwrdr.h); Yield is NtYieldExecution.
 *
 * Interface: WNetAddConnectionA, WNetCancelConnectionA (kernel32.h).
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

/* One FSCTL to NWRDR, on a handle of this process's. */
static NTSTATUS NwpControl(ULONG Code, PCSTR In, PVOID Out, ULONG OutLength)
{
    STRING name = { sizeof(NWR_DEVICE_NAME) - 1, sizeof(NWR_DEVICE_NAME) - 1,
                    (PCHAR)NWR_DEVICE_NAME };
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    HANDLE rdr;
    NTSTATUS status;

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = NtOpenFile(&rdr, SYNCHRONIZE, &oa, &iosb, 0, FILE_SYNCHRONOUS_IO_NONALERT);
    if (!NT_SUCCESS(status))
        return STATUS_BAD_NETWORK_PATH;     /* the redirector is not loaded */
    status = NtFsControlFile(rdr, NULL, NULL, NULL, &iosb, Code, (PVOID)In, strlen(In) + 1, Out,
                             OutLength);
    NtClose(rdr);
    return status;
}

static NTSTATUS NwpCreateConnection(PVOID Context, PCSTR Target)
{
    return NwpControl(FSCTL_NWR_CREATE_CONNECTION, Target, NULL, 0);
}

static NTSTATUS NwpDeleteConnection(PVOID Context, PCSTR LocalName, PCHAR Target, ULONG Size)
{
    CHAR letter[3] = { LocalName[0], ':', '\0' };

    return NwpControl(FSCTL_NWR_DELETE_CONNECTION, letter, Target, Size);
}

static NWP_ENV NwpNtEnv = {
    NULL, NwpYield, NwpQueryDosDevice, NwpDefineDosDevice, NwpCreateConnection,
    NwpDeleteConnection,
};

/* net use LOCAL REMOTE; the Win32 error, also the last error. */
DWORD WNetAddConnectionA(PCSTR RemoteName, PCSTR Password, PCSTR LocalName)
{
    DWORD error = NwpAddConnection(&NwpNtEnv, LocalName, RemoteName);

    SetLastError(error);
    return error;
}

/* net use NAME /delete. */
DWORD WNetCancelConnectionA(PCSTR Name, BOOL Force)
{
    DWORD error = NwpCancelConnection(&NwpNtEnv, Name);

    SetLastError(error);
    return error;
}

/*
 * csnw.c - the image `csnw`: Client Services for NetWare's stop and start,
 * what `net stop nwcworkstation` and `net start nwcworkstation` did on NT
 * 3.51, and what the KB says a failure leaves to do: "Client Services for
 * NetWare must be restarted to access the orphaned drive letter."
 *
 *   csnw stop      FSCTL_NWR_STOP: every user context ends, queued reads
 *                  and writes complete with STATUS_CANCELLED, every NCP
 *                  connection is ended; CSRSS drops every definition under
 *                  \Device\NwRdr from every drive letter (the orphans
 *                  too); NtUnloadDriver("\Driver\NwRdr"), and the wait
 *                  until it has unloaded (a file still open on the
 *                  redirector holds its device until it is closed)
 *   csnw start     NtLoadDriver("\Driver\NwRdr"): a fresh redirector,
 *                  started, with no context
 *   csnw restart   both
 *
 * Who owns what during a stop: the redirector's contexts and connections
 * are its own and end inside the FSCTL; the drive letters are CSRSS's and
 * go under its lock; what is left of the driver - files processes still
 * hold, whose requests now fail - belongs to them until they close, and
 * the unload waits for that (NtUnloadDriver's STATUS_PENDING).
 *
 * NT's net.exe asked the service controller, which ran as LocalSystem and
 * loaded the driver; csnw is both, so it must run in the SYSTEM logon
 * session. The controller's own check comes first: from any other session
 * csnw prints "System error 5 has occurred." (Access is denied) and
 * changes nothing; so does each privileged step behind it.
 *
 * What it prints is net.exe's for a service called "Client Services for
 * NetWare" (confirmed texts: "The X service is stopping." / "... was
 * stopped successfully." / "... is starting." / "... was started
 * successfully.", a dot more per wait as net.exe prints them; "The
 * requested service has already been started." with NET HELPMSG 2182;
 * "The X service is not started." with NET HELPMSG 3521). Chosen: "The X
 * service could not be stopped." when the unload has not happened within
 * CSNW_WAIT_SECONDS, and the syntax line. Errors print as `net` prints
 * them (winerror.c), and like `net` csnw leaves out net.exe's last blank
 * line. The exit status is net.exe's: 0, 1 for the syntax, 2 for an error.
 *
 * A start finds the driver already loaded when only its FSCTL stopped it
 * (csnw's own stop always unloads): it sends FSCTL_NWR_START, which a
 * running redirector ignores, and answers 2182 - it cannot tell the two
 * apart.
 */
#include <stdio.h>
#include <string.h>

#include "ntio.h"
#include "ntob.h"
#include "ntps.h"
#include "nwrdr.h"
#include "user/lib/kernel32.h"
#include "user/lib/winerror.h"

#define CSNW_SERVICE        "Client Services for NetWare"
#define CSNW_DRIVER         "\\Driver\\NwRdr"
#define CSNW_SYSTEM_LOGON   0x3E7u
#define CSNW_WAIT_SECONDS   30
#define CSNW_POLL           (-2500000LL)        /* 250 ms */

/* net.exe's lines for an error; the exit status 2. */
static int CsnwError(ULONG Error)
{
    CHAR text[512];

    BasepFormatNetError(Error, text, sizeof(text));
    printf("%s", text);
    return 2;
}

static int CsnwNtError(NTSTATUS Status)
{
    return CsnwError(BasepNtStatusToWin32Error(Status));
}

/* The service controller's check: is this the SYSTEM logon session? */
static BOOLEAN CsnwIsSystem(VOID)
{
    PROCESS_BASIC_INFORMATION info;

    return NT_SUCCESS(NtQueryInformationProcess(NtCurrentProcess(), ProcessBasicInformation,
                                                &info, sizeof(info), NULL)) &&
           info.LogonIdLow == CSNW_SYSTEM_LOGON && info.LogonIdHigh == 0;
}

static VOID CsnwString(PSTRING String, PCSTR Text)
{
    String->Length = String->MaximumLength = (USHORT)strlen(Text);
    String->Buffer = (PCHAR)Text;
}

/* A handle to \Device\NwRdr: STATUS_OBJECT_NAME_NOT_FOUND when the driver
   is not loaded, STATUS_NO_SUCH_DEVICE while its unload waits. */
static NTSTATUS CsnwOpenRedirector(PHANDLE Rdr)
{
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    STRING name;

    CsnwString(&name, NWR_DEVICE_NAME);
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    return NtOpenFile(Rdr, SYNCHRONIZE, &oa, &iosb, 0, FILE_SYNCHRONOUS_IO_NONALERT);
}

static NTSTATUS CsnwFsctl(HANDLE Rdr, ULONG Code)
{
    IO_STATUS_BLOCK iosb;

    return NtFsControlFile(Rdr, NULL, NULL, NULL, &iosb, Code, NULL, 0, NULL, 0);
}

/* Until the redirector's device is gone (a dot per wait, as net.exe
   prints while it polls); FALSE when it is still there at the end. */
static BOOLEAN CsnwWaitUnloaded(VOID)
{
    LONG64 poll = CSNW_POLL;
    HANDLE rdr;

    for (ULONG i = 0; i < CSNW_WAIT_SECONDS * 4; i++) {
        NTSTATUS status = CsnwOpenRedirector(&rdr);

        if (NT_SUCCESS(status))
            NtClose(rdr);
        if (status == STATUS_OBJECT_NAME_NOT_FOUND)
            return TRUE;
        printf(".");
        fflush(stdout);
        NtDelayExecution(FALSE, &poll);
    }
    return FALSE;
}

/* The redirector stopped, its letters dropped, the driver unloaded. */
static int CsnwStop(VOID)
{
    ULONG letters, definitions;
    STRING driver;
    HANDLE rdr;
    NTSTATUS status = CsnwOpenRedirector(&rdr);

    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        printf("The " CSNW_SERVICE " service is not started.\n\n"
               "More help is available by typing NET HELPMSG 3521.\n");
        return 2;
    }
    if (NT_SUCCESS(status)) {
        status = CsnwFsctl(rdr, FSCTL_NWR_STOP);
        NtClose(rdr);                   /* our own handle would hold the device */
        if (!NT_SUCCESS(status))
            return CsnwNtError(status);
    } else if (status != STATUS_NO_SUCH_DEVICE) {
        return CsnwNtError(status);     /* NO_SUCH_DEVICE: an unload already waits */
    }
    printf("The " CSNW_SERVICE " service is stopping");
    fflush(stdout);
    if (!BaseDropDeviceDefinitions(NWR_DEVICE_NAME, &letters, &definitions)) {
        printf("\n");
        return CsnwError(GetLastError());
    }
    CsnwString(&driver, CSNW_DRIVER);
    status = NtUnloadDriver(&driver);
    if (!NT_SUCCESS(status) && status != STATUS_DELETE_PENDING &&
        status != STATUS_OBJECT_NAME_NOT_FOUND) {
        printf("\n");
        return CsnwNtError(status);
    }
    if (!CsnwWaitUnloaded()) {
        printf("\nThe " CSNW_SERVICE " service could not be stopped.\n");
        return 2;
    }
    printf(".\nThe " CSNW_SERVICE " service was stopped successfully.\n");
    return 0;
}

/* A loaded driver: start it if only its FSCTL stopped it, and say so. */
static int CsnwAlreadyStarted(VOID)
{
    HANDLE rdr;

    if (NT_SUCCESS(CsnwOpenRedirector(&rdr))) {
        CsnwFsctl(rdr, FSCTL_NWR_START);
        NtClose(rdr);
    }
    return CsnwError(NERR_ServiceInstalled);
}

static int CsnwStart(VOID)
{
    STRING driver;
    NTSTATUS status;
    HANDLE rdr;

    status = CsnwOpenRedirector(&rdr);
    if (NT_SUCCESS(status))
        NtClose(rdr);
    if (NT_SUCCESS(status))
        return CsnwAlreadyStarted();
    printf("The " CSNW_SERVICE " service is starting");
    fflush(stdout);
    if (status == STATUS_NO_SUCH_DEVICE && !CsnwWaitUnloaded()) {
        printf("\n");                   /* a stop's unload still waits */
        return CsnwNtError(STATUS_IMAGE_ALREADY_LOADED);
    }
    CsnwString(&driver, CSNW_DRIVER);
    status = NtLoadDriver(&driver);
    if (!NT_SUCCESS(status)) {
        printf("\n");
        return CsnwNtError(status);
    }
    printf(".\nThe " CSNW_SERVICE " service was started successfully.\n");
    return 0;
}

int main(int argc, char **argv)
{
    int status;

    if (argc != 2 || (strcmp(argv[1], "stop") != 0 && strcmp(argv[1], "start") != 0 &&
                      strcmp(argv[1], "restart") != 0)) {
        printf("The syntax of this command is:\n\nCSNW STOP | START | RESTART\n");
        return 1;
    }
    if (!CsnwIsSystem())
        return CsnwError(ERROR_ACCESS_DENIED);
    if (strcmp(argv[1], "start") == 0)
        return CsnwStart();
    status = CsnwStop();
    if (status != 0 || strcmp(argv[1], "stop") == 0)
        return status;
    return CsnwStart();
}

/*
 * start.c - the last step of boot: the executive's subsystems in order.
 * Phase 0 runs on the boot thread (objects, events, processes) and ends by
 * starting the system thread "init" and idling; init runs phase 1 (LPC,
 * I/O and the boot drivers, the CSRSS process), then, with test=NAME, the
 * named guest test,
 * which ends the run with its verdict. Otherwise the ready line is printed;
 * in batch mode (no one at the terminal, see qemu/run.sh) that is the end of
 * a good run, and in interactive mode the shell (user/shell, a process
 * reading \Device\Console) takes over: its end is the run's.
 */
#include <stdio.h>
#include "ex/ex.h"
#include "io/io.h"
#include "ps/ps.h"
#include "hal/hal.h"
#include "ke/ke.h"
#include "ob/ob.h"
#include "lpc/lpc.h"
#include "tests/guest/gtest.h"

/* CSRSS, when the boot loader brought its image; boot goes on while it
   starts (ExWaitForCsrss). */
static VOID ExpStartCsrss(VOID)
{
    STRING csrss = { 5, 5, "csrss" };
    const KBOOT_IMAGE *image;
    NTSTATUS status;

    if (!NT_SUCCESS(PspFindImage(&csrss, &image)))
        return;
    status = ExStartCsrssAsync();
    if (!NT_SUCCESS(status))
        printf("csrss: did not start (status 0x%08lx)\n", (unsigned long)status);
}

/* Interactive mode: the shell is the console, started once CSRSS serves
   (its commands call it). The run ends when the shell does, with the pass
   status for a clean end (`exit`, Ctrl-C: status 0) and the fail status
   for any other (a fault ends it with NT's exception code). The end line
   carries the leak audit: the IRPs alive and the handles open, before the
   shell started and after it ended. */
static VOID __attribute__((noreturn)) ExpRunShell(VOID)
{
    STRING shell = { 5, 5, "shell" };
    LONG irps = IoOutstandingIrps();
    ULONG handles = PsOpenHandleCount();
    PEPROCESS process;
    NTSTATUS status;

    status = PsCreateUserProcess(&shell, &shell, &PsInitialSystemProcess->Token, &process, NULL);
    if (!NT_SUCCESS(status)) {
        printf("irplab: the shell did not start (status 0x%08lx)\n", (unsigned long)status);
        HalReturnToFirmware(HAL_EXIT_FAIL);
    }
    KeWaitForSingleObject(&process->Pcb.Header, Executive, KernelMode, FALSE, NULL);
    status = process->ExitStatus;
    ObDereferenceObject(process);
    printf("shell: ended with status 0x%08lx; IRPs alive %ld (%ld before), handles open %lu "
           "(%lu before)\n", (unsigned long)status, (long)IoOutstandingIrps(), (long)irps,
           (unsigned long)PsOpenHandleCount(), (unsigned long)handles);
    HalReturnToFirmware(status == STATUS_SUCCESS ? HAL_EXIT_PASS : HAL_EXIT_FAIL);
}

/* Phase 1, in the system thread "init": LPC, the I/O manager and the boot
   drivers; then CSRSS, the first process, and a guest suite - or the ready
   line (the kernel's own start is done), CSRSS and the shell. */
static VOID ExpInitializeSystem(PVOID Context)
{
    LpcInitSystem();
    IoInitSystem();
    IoLoadBootDrivers();
    if (KeBootArgs.Test[0] != '\0') {
        ExpStartCsrss();
        GtRunTest(KeBootArgs.Test);
    }
    printf("irplab: ready\n");
    if (KeBootArgs.Scenario == SCENARIO_Q150047) {
        BOOLEAN shown;

        ExpStartCsrss();
        shown = ExRunScenario();
        if (KeBootArgs.Console == CONSOLE_BATCH)
            HalReturnToFirmware(shown ? HAL_EXIT_PASS : HAL_EXIT_FAIL);
        ExpRunShell();
    }
    if (KeBootArgs.Console == CONSOLE_BATCH)
        HalReturnToFirmware(HAL_EXIT_PASS);
    ExpStartCsrss();
    ExWaitForCsrss();
    ExpRunShell();
}

/* Phase 0, on the boot thread: the object manager, the executive's types
   and the System process; then init takes over and this thread idles. */
VOID ExStartSystem(VOID)
{
    PETHREAD init;

    ObInitSystem();
    ExInitSystem();
    PsInitSystem();
    if (!NT_SUCCESS(PsCreateSystemThread(NULL, "init", ExpInitializeSystem, NULL, &init)))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, 0x10, 0, 0, 0);
    ObDereferenceObject(init);
    KiIdleLoop(NULL);
}

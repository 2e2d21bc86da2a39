/*
 * start.c - the last step of boot: the executive's subsystems in order
 * (objects, events, processes, I/O and the boot drivers), then, with
 * test=NAME, the named guest test, which ends the run with its verdict. Otherwise the ready line is printed;
 * in batch mode (no one at the terminal, see qemu/run.sh) that is the end of
 * a good run, and in interactive mode the console takes over.
 */
#include <stdio.h>
#include "ex/ex.h"
#include "io/io.h"
#include "ps/ps.h"
#include "hal/hal.h"
#include "ke/ke.h"
#include "ob/ob.h"
#include "lpc/lpc.h"
#include "drivers/ne2000/miniport.h"
#include "drivers/ipx/ipx.h"
#include "tests/guest/gtest.h"

VOID ExStartSystem(VOID)
{
    ObInitSystem();
    ExInitSystem();
    PsInitSystem();
    LpcInitSystem();
    IoInitSystem();
    IoLoadBootDrivers();
    Ne2kInitialize();
    IpxLoadDriver();
    if (KeBootArgs.Test[0] != '\0')
        GtRunTest(KeBootArgs.Test);
    printf("irplab: ready\n");
    if (KeBootArgs.Console == CONSOLE_BATCH)
        HalReturnToFirmware(HAL_EXIT_PASS);
    ExRunConsole();
}

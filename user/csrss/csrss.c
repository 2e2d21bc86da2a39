/*
 * csrss.c - the CSRSS process: its server (csrsrv) with the base server
 * (basesrv) behind it. The kernel starts it at boot (kernel/ex/csrss.c)
 * from the image `csrss`; it ends when the System process shuts its API
 * port down, with the status CsrServerMain returned.
 */
#include <stdio.h>
#include "user/csrss/csrsrv/csrsrv.h"

int main(int argc, char **argv)
{
    NTSTATUS status = CsrServerMain();

    if (!NT_SUCCESS(status))
        printf("csrss: the API port could not be served (status 0x%08lx)\n",
               (unsigned long)status);
    return status;
}

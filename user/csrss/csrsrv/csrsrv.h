/*
 * csrsrv.h - CSRSS's server: its API port, the pool of server threads and
 * the dispatch of requests to basesrv.
 *
 * Interface (server.c):
 *   CsrServerMain   the server's work, from the CSRSS process's main
 *                   (csrss.c): creates the API port and basesrv's server,
 *                   then serves requests until a CsrpShutdownApi request
 *                   from the System process closes the port
 *   CsrStatistics   the counts CsrpQueryStatisticsApi answers with
 */
#ifndef CSRSRV_H
#define CSRSRV_H

#include "ntdef.h"
#include "csrmsg.h"

extern CSR_STATISTICS CsrStatistics;

NTSTATUS CsrServerMain(VOID);

#endif

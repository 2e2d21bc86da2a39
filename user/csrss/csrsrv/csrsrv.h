/*
 * csrsrv.h - CSRSS's server: its API port, the pool of server threads and
 * the dispatch of requests to basesrv.
 *
 * Interface (server.c):
 *   CsrServerMain   the CSRSS process's first thread: creates the API port
 *                   and basesrv's server, then serves requests; the kernel
 *                   starts it (kernel/ex/csrss.c) and it ends when the port
 *                   is closed by a CsrpShutdownApi request
 *   CsrStatistics   what tests read: threads now and at most, callers inside
 *                   BaseSrvDefineDosDevice now and at most, requests served
 */
#ifndef CSRSRV_H
#define CSRSRV_H

#include "ntdef.h"

#define CSR_MAX_REQUEST_THREADS 8

typedef struct _CSR_STATISTICS {
    volatile LONG Threads, MostThreads, IdleThreads;
    volatile LONG DefineInside, MostDefineInside;
    volatile LONG Requests;
} CSR_STATISTICS;

extern CSR_STATISTICS CsrStatistics;

VOID CsrServerMain(PVOID Parameter);

#endif

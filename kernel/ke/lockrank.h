/*
 * lockrank.h - the order locks are taken in.
 *
 * Every KSPIN_LOCK and every kernel KMUTEX has a rank, given where the lock
 * is declared or initialized, with a name the STOP screen prints. A lock may
 * be taken only when its rank is greater than the rank of every lock the
 * taker already holds: locks are taken going down this list and never up
 * it, and two locks of one rank are never held together. A recursive
 * acquire is not an order question: a spin lock's is SPIN_LOCK_ALREADY_OWNED,
 * a mutex's is legal (its owner takes it again).
 *
 * The checker (lockrank.c, boot switch lockcheck=on|off, on by default)
 * stops the machine on a violation with DRIVER_VERIFIER_DETECTED_VIOLATION
 * (0xC4) and, as NT's deadlock verifier has it, 0x1001 in the first
 * parameter; the STOP screen names both locks and their ranks.
 *
 * Two tiers. Mutexes are held at PASSIVE_LEVEL across waits; spin locks
 * at DISPATCH_LEVEL, where nothing waits - so every spin lock ranks above
 * every mutex, and a mutex is never taken under a spin lock.
 *
 * Outside the checker, because they are not lock words:
 *   the dispatcher database (KiLockDispatcherDatabase) is a raise to
 *     DISPATCH_LEVEL; any spin lock's holder may signal under it, and the
 *     reaper and PCT's deliveries take spin locks inside it (MmpStackLock,
 *     the NE2000 lock), so it would rank both above and below them. One
 *     processor makes that safe; FIXME: a second processor needs it split.
 *   the DPC queue and newlib's malloc lock are interrupts off; malloc is
 *     called under spin locks (never ExpPoolLock), and sbrk takes the Mm
 *     locks inside it.
 */
#ifndef KE_LOCKRANK_H
#define KE_LOCKRANK_H

typedef enum _KLOCK_RANK {
    LockRankNone = 0,           /* a native-API mutant: ring 3 orders its own */

    /* Mutexes (KeInitializeMutex), PASSIVE_LEVEL. */
    LockRankNwrData,            /* NwrData.Lock: NWRDR's contexts, servers, ties */
    LockRankNcpConnection,      /* an NCP connection's mutex: one exchange */
    LockRankSmbConnection,      /* an SMB connection's mutex: one exchange */
    LockRankTestMutex,          /* a guest suite's own mutex (tests/guest) */
    LockRankTestMutexSecond,    /* test=mutexorder's second mutex */

    /* Spin locks (KSPIN_LOCK_INIT, KeInitializeSpinLock), DISPATCH_LEVEL. */
    LockRankFirstSpin,
    LockRankTestFirst = LockRankFirstSpin, /* test=lockorder's pair, */
    LockRankTestSecond,         /* nested with nothing else */
    LockRankIoCancel,           /* IopCancelSpinLock: cancel routines, drivers' queues */
    LockRankIpx,                /* Ipx.Lock: sockets, parked datagrams, routes */
    LockRankNe2kAdapter,        /* NE2K_ADAPTER.Lock: IPX binds under Ipx.Lock; a
                                   frame is indicated with it dropped */
    LockRankRamFsSlot,          /* RamFsSlotLock (tests/guest/drivers) */
    LockRankRamFs,              /* RamFsLock (tests/guest/drivers) */
    LockRankLpc,                /* LpcpLock: ports, connections, messages */
    LockRankPsProcess,          /* PspProcessLock: the process list */
    LockRankPsNotify,           /* PspNotifyLock: process notification routines */
    LockRankIoThreadIrp,        /* IopThreadIrpLock: each thread's IRP list */
    LockRankObNamespace,        /* ObpNamespaceLock: directories and links */
    LockRankObHandleTable,      /* HANDLE_TABLE.Lock: one process's handles */
    LockRankMmAddressSpace,     /* MMSUPPORT.Lock: one process's VADs, page tables */
    LockRankIoIrpAlive,         /* IopIrpAliveLock: the list of IRPs alive (a leaf) */
    LockRankExPool,             /* ExpPoolLock: the tag trackers */
    LockRankMmStack,            /* MmpStackLock: kernel stack slots */
    LockRankMmPageTable,        /* MmpPageTableLock: the kernel's page tables */
    LockRankMmPage,             /* MmpPageLock: physical pages */
    LockRankCount
} KLOCK_RANK;

#endif

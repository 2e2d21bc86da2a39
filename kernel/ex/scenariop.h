/*
 * scenariop.h - what scenario.c lends shrink.c: one schedule run from the
 * baseline, and the words both print. Private to kernel/ex.
 */
#ifndef EX_SCENARIOP_H
#define EX_SCENARIOP_H

#include "basemsg.h"
#include "ke/pct.h"

BOOLEAN ExpPrepareScenario(VOID);
CHAR ExpRunSchedule(ULONG Seed, const KDECISIONS *Follow, PBASESRV_DRIVE_AUDIT Audit);
ULONG64 ExpScheduleTraceHash(VOID);
VOID ExpWriteTrace(VOID);
VOID ExpPrintStory(PCSTR Prefix);
VOID ExpPrintReplayLine(PCSTR Prefix, const KDECISIONS *List);

#endif

/*
 * test_io.h - the io suite's cases that live in test_iofile.c (the file
 * system's requests on RamFs); test_io.c lists them with its own.
 */
#ifndef GT_TEST_IO_H
#define GT_TEST_IO_H

#include "ntdef.h"

VOID GtFileDispositions(VOID);
VOID GtFileBasicInformation(VOID);
VOID GtFilePositionAndEnd(VOID);
VOID GtFileRename(VOID);
VOID GtFileDeleteOnClose(VOID);
VOID GtFileDirectories(VOID);
VOID GtFileVolumeInformation(VOID);
VOID GtFileFlush(VOID);

#endif

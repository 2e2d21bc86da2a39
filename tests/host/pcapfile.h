/*
 * pcapfile.h - a classic libpcap capture file writer (link type 1,
 * Ethernet), for the host test client's record of every frame it sent and
 * received. tshark reads what this writes.
 *
 * Interface:
 *   PcapOpen     create FILE and write the global header; NULL on failure
 *   PcapWrite    append one frame with the current time
 *   PcapClose    flush and close
 */
#ifndef PCAPFILE_H
#define PCAPFILE_H

#include <stddef.h>
#include <stdio.h>

FILE *PcapOpen(const char *Path);
int PcapWrite(FILE *File, const unsigned char *Frame, size_t Length);
void PcapClose(FILE *File);

#endif

/*
 * pcapfile.c - classic pcap files (pcapfile.h). The format is the
 * little-endian one: magic a1b2c3d4 written in host order on x86, version
 * 2.4, snap length 65535, link type 1; each record carries seconds,
 * microseconds, captured length and original length.
 */
#include <stdint.h>
#include <sys/time.h>

#include "tests/host/pcapfile.h"

static int PcappPut32(FILE *File, uint32_t Value)
{
    return fwrite(&Value, sizeof(Value), 1, File) == 1 ? 0 : -1;
}

static int PcappPut16(FILE *File, uint16_t Value)
{
    return fwrite(&Value, sizeof(Value), 1, File) == 1 ? 0 : -1;
}

FILE *PcapOpen(const char *Path)
{
    FILE *File = fopen(Path, "wb");

    if (!File)
        return NULL;
    if (PcappPut32(File, 0xA1B2C3D4) || PcappPut16(File, 2) ||
        PcappPut16(File, 4) || PcappPut32(File, 0) || PcappPut32(File, 0) ||
        PcappPut32(File, 65535) || PcappPut32(File, 1)) {
        fclose(File);
        return NULL;
    }
    return File;
}

int PcapWrite(FILE *File, const unsigned char *Frame, size_t Length)
{
    struct timeval Now;

    if (!File)
        return 0;
    gettimeofday(&Now, NULL);
    if (PcappPut32(File, (uint32_t)Now.tv_sec) ||
        PcappPut32(File, (uint32_t)Now.tv_usec) ||
        PcappPut32(File, (uint32_t)Length) ||
        PcappPut32(File, (uint32_t)Length))
        return -1;
    return fwrite(Frame, 1, Length, File) == Length ? 0 : -1;
}

void PcapClose(FILE *File)
{
    if (File)
        fclose(File);
}

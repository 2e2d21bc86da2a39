/*
 * smbclient.c - the SMB host test client: drives a scenario (smbscenes.c)
 * against a running smbserv over its datagram socket, as QEMU would, with
 * every message built and read by the codec the redirector will use.
 *
 *   smbclient --server HOST:PORT [--port N] [--scenario session|core|reset|escape]
 *             [--pcap F] [--control-key HEX16] [--timeout-ms N]
 *             [--frame ethernet_ii|802.3|802.2|snap]
 *
 * One "ok N - what" / "not ok N - what" line per check, the scenario's own
 * lines, then "stats: transactions=.. retransmits=.. ignored=..". Exit 0:
 * every check passed; 1: a check failed; 3: the server stopped answering
 * ("timeout at transaction K").
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "tests/host/smbsteps.h"

static void __attribute__((noreturn)) ScpUsage(void)
{
    fprintf(stderr, "usage: smbclient --server HOST:PORT [--port N] [--scenario S] [--pcap F]\n"
                    "         [--control-key HEX16] [--timeout-ms N] [--frame F]\n");
    exit(2);
}

static void ScpKey(const char *Text, UCHAR *Key)
{
    unsigned int Byte;
    int Index;

    if (strlen(Text) != 2 * NCP_CONTROL_KEY_LENGTH)
        ScpUsage();
    for (Index = 0; Index < NCP_CONTROL_KEY_LENGTH; Index++) {
        if (sscanf(Text + 2 * Index, "%2x", &Byte) != 1)
            ScpUsage();
        Key[Index] = (UCHAR)Byte;
    }
}

static IPX_FRAME_TYPE ScpFrame(const char *Text)
{
    ULONG Frame;

    for (Frame = 0; Frame < IpxFrameTypeCount; Frame++)
        if (strcmp(Text, IpxFrameName((IPX_FRAME_TYPE)Frame)) == 0)
            return (IPX_FRAME_TYPE)Frame;
    ScpUsage();
}

int main(int Count, char **Arguments)
{
    static const struct option Long[] = {
        { "server", 1, 0, 's' }, { "port", 1, 0, 'p' }, { "scenario", 1, 0, 'c' },
        { "pcap", 1, 0, 'P' }, { "control-key", 1, 0, 'K' }, { "timeout-ms", 1, 0, 't' },
        { "frame", 1, 0, 'F' }, { 0, 0, 0, 0 },
    };
    const char *Server = NULL, *Pcap = NULL, *Scenario = "session", *Key = NULL;
    IPX_FRAME_TYPE Frame = IpxFrameEthernetII;
    static SC_RUN Run;
    int Option, Port = 0, Timeout = 200;

    while ((Option = getopt_long(Count, Arguments, "", Long, NULL)) != -1) {
        switch (Option) {
        case 's': Server = optarg; break;
        case 'p': Port = atoi(optarg); break;
        case 'c': Scenario = optarg; break;
        case 'P': Pcap = optarg; break;
        case 'K': Key = optarg; break;
        case 't': Timeout = atoi(optarg); break;
        case 'F': Frame = ScpFrame(optarg); break;
        default: ScpUsage();
        }
    }
    if (!Server || ScOpen(&Run.Client, Server, Port, Pcap) < 0)
        ScpUsage();
    Run.Client.TimeoutMs = Timeout;
    Run.Client.FrameType = Frame;
    if (Key)
        ScpKey(Key, Run.Client.ControlKey);
    if (strcmp(Scenario, "session") == 0)
        ScSessionScenario(&Run);
    else if (strcmp(Scenario, "core") == 0)
        ScCoreScenario(&Run);
    else if (strcmp(Scenario, "reset") == 0)
        ScResetScenario(&Run);
    else if (strcmp(Scenario, "escape") == 0)
        ScEscapeScenario(&Run);
    else
        ScpUsage();
    printf("stats: transactions=%lu retransmits=%lu ignored=%lu\n", Run.Client.Transactions,
           Run.Client.Retransmits, Run.Client.Ignored);
    printf("%s: %d checks, %d failed\n", Run.Failed ? "FAIL" : "PASS", Run.Check, Run.Failed);
    ScClose(&Run.Client);
    return Run.Failed ? 1 : 0;
}

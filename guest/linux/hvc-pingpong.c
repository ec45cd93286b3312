/* hvc-pingpong: Linux user space side of the ppc Linux boot
 * (docs/arch-ppc.md). Ping-pongs with the larch test domain "linux-peer"
 * through /dev/hvc1, the pseries kernel's own hvc_vio driver on a PAPR
 * virtual terminal whose other end larch connects to an event channel:
 * each byte written is one event to the peer, each event back reads as one
 * byte, announced by the terminal's XICS interrupt. Prints exact counts
 * and the mean round trip.
 *
 * Like evtchn-pingpong, an ordinary hosted Linux program (libc, -static).
 * usage: hvc-pingpong [count [device]]
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int fail(const char *what)
{
	printf("hvc-pingpong: %s: %s\n", what, strerror(errno));
	return 1;
}

/* One byte within ms milliseconds: 1, 0 on timeout, -1 on error. */
static int read_byte(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int rc = poll(&p, 1, ms);
	if (rc <= 0)
		return rc;
	char c;
	return read(fd, &c, 1) == 1 ? 1 : -1;
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000;
	const char *dev = argc > 2 ? argv[2] : "/dev/hvc1";
	int fd = open(dev, O_RDWR | O_NOCTTY);
	if (fd < 0)
		return fail(dev);
	/* raw bytes: no echo, no line editing, no newline translation */
	struct termios t;
	if (tcgetattr(fd, &t) < 0)
		return fail("tcgetattr");
	cfmakeraw(&t);
	if (tcsetattr(fd, TCSANOW, &t) < 0)
		return fail("tcsetattr");
	unsigned long sent = 0, received = 0, stray = 0;
	uint64_t t0 = now_ns();
	for (unsigned long i = 0; i < n; i++) {
		if (write(fd, "p", 1) != 1)
			return fail("write");
		sent++;
		int rc = read_byte(fd, 5000);
		if (rc < 0)
			return fail("read");
		if (rc == 0) {
			printf("hvc-pingpong: no answer to byte %lu\n", i + 1);
			break;
		}
		received++;
	}
	uint64_t t1 = now_ns();
	/* Nothing more may come after the last answer. */
	while (read_byte(fd, 200) > 0)
		stray++;
	printf("hvc-pingpong: sent %lu received %lu\n", sent, received);
	if (stray)
		printf("hvc-pingpong: %lu unexpected bytes\n", stray);
	if (received)
		printf("hvc-pingpong: round trip %llu ns\n",
		       (unsigned long long)((t1 - t0) / received));
	close(fd);
	return sent == n && received == n && !stray ? 0 : 1;
}

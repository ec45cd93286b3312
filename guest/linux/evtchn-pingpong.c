/* evtchn-pingpong: Linux user space side of the arm Linux boot
 * (docs/arch-arm.md). Binds an interdomain event channel to the larch
 * test domain "linux-peer" through Linux's own /dev/xen/evtchn driver and
 * ping-pongs events with it: notify, read() the port back, write() it to
 * unmask; then prints exact counts and the mean round trip.
 *
 * Unlike the rest of larch this is an ordinary hosted Linux program: it
 * uses libc and is linked statically (-static) into the initramfs.
 * usage: evtchn-pingpong [count [remote-domid [remote-port]]]
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

/* The /dev/xen/evtchn ABI (facts from Linux's include/uapi/xen/evtchn.h):
 * type 'E', no direction bits, size of the argument struct. BIND_* return
 * the local port; read() yields pending ports (uint32 each), which stay
 * masked until written back. */
struct evtchn_bind_interdomain_arg {
	unsigned int remote_domain, remote_port;
};
struct evtchn_port_arg {
	unsigned int port;
};
#define EVTCHN_IOCTL(nr, type) _IOC(_IOC_NONE, 'E', (nr), sizeof(type))
#define IOCTL_EVTCHN_BIND_INTERDOMAIN                                          \
	EVTCHN_IOCTL(1, struct evtchn_bind_interdomain_arg)
#define IOCTL_EVTCHN_NOTIFY EVTCHN_IOCTL(4, struct evtchn_port_arg)

#define BIND_TRIES 500 /* 10 ms apart: the peer may not have opened yet */

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* Wait up to timeout_ms for one event; returns its port, 0 if none came,
 * -1 on error. The port stays masked until unmask() writes it back. */
static long wait_event(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int r = poll(&p, 1, timeout_ms);
	if (r <= 0)
		return r;
	uint32_t port;
	if (read(fd, &port, sizeof(port)) != (ssize_t)sizeof(port))
		return -1;
	return port;
}

static int unmask(int fd, uint32_t port)
{
	return write(fd, &port, sizeof(port)) == (ssize_t)sizeof(port) ? 0 : -1;
}

static int fail(const char *what)
{
	printf("evtchn-pingpong: %s: %s\n", what, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000;
	struct evtchn_bind_interdomain_arg bind = {
		.remote_domain = argc > 2 ? strtoul(argv[2], NULL, 0) : 1,
		.remote_port = argc > 3 ? strtoul(argv[3], NULL, 0) : 1,
	};
	setvbuf(stdout, NULL, _IOLBF, 0);

	int fd = open("/dev/xen/evtchn", O_RDWR);
	if (fd < 0)
		return fail("open /dev/xen/evtchn");
	int port = -1;
	for (int i = 0; i < BIND_TRIES && port < 0; i++) {
		port = ioctl(fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &bind);
		if (port < 0)
			usleep(10000);
	}
	if (port < 0)
		return fail("bind interdomain");
	printf("evtchn-pingpong: bound local port %d to domain %u port %u\n",
	       port, bind.remote_domain, bind.remote_port);

	/* Like Xen, larch sets a new binding pending once (events sent to
	 * the unbound port are not lost): take that one before counting. It
	 * is there at once; the long limit only guards a stalled host. */
	long ev = wait_event(fd, 10000);
	if (ev < 0)
		return fail("read");
	if (ev > 0 && unmask(fd, (uint32_t)ev) < 0)
		return fail("write");

	struct evtchn_port_arg notify = { .port = (unsigned)port };
	unsigned long sent = 0, received = 0, stray = 0;
	uint64_t t0 = now_ns();
	for (unsigned long i = 0; i < n; i++) {
		if (ioctl(fd, IOCTL_EVTCHN_NOTIFY, &notify) < 0)
			return fail("notify");
		sent++;
		ev = wait_event(fd, 5000);
		if (ev <= 0) {
			printf("evtchn-pingpong: no answer to event %lu\n",
			       i + 1);
			break;
		}
		if (ev == port)
			received++;
		else
			stray++;
		if (unmask(fd, (uint32_t)ev) < 0)
			return fail("write");
	}
	uint64_t t1 = now_ns();
	/* Nothing more may come after the last answer. */
	while ((ev = wait_event(fd, 200)) > 0) {
		stray++;
		unmask(fd, (uint32_t)ev);
	}
	printf("evtchn-pingpong: sent %lu received %lu\n", sent, received);
	if (stray)
		printf("evtchn-pingpong: %lu unexpected events\n", stray);
	if (received)
		printf("evtchn-pingpong: round trip %llu ns\n",
		       (unsigned long long)((t1 - t0) / received));
	close(fd);
	return sent == n && received == n && !stray ? 0 : 1;
}

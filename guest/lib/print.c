/* Console output and test reporting for the guests. */
#include <stdarg.h>
#include <larch/format.h>
#include <guest.h>

unsigned tests_failed;

static size_t length(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

void gputs(const char *s)
{
	hypercall5(__HYPERVISOR_console_io, CONSOLEIO_write, length(s),
		   (unsigned long)s, 0, 0);
}

void gprintf(const char *fmt, ...)
{
	char buf[192];
	va_list ap;
	va_start(ap, fmt);
	vsnprintk(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	gputs(buf);
}

void test_result(const char *suite, const char *name, bool ok, const char *why)
{
	if (ok) {
		gprintf("PASS %s/%s/%s\n", guest_arch_name, suite, name);
	} else {
		tests_failed++;
		gprintf("FAIL %s/%s/%s: %s\n", guest_arch_name, suite, name,
			why);
	}
}

/* Host tests: the spinlock's stuck-lock report and its discipline checks,
 * each run in a child process, since both end it (include/larch/atomic.h). */
#include "common_util.h"
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static spinlock_t victim = SPIN_LOCK_UNLOCKED;

static void hold_on_cpu1_then_lock_on_cpu0(void)
{
	fake_reset(2);
	fake.exit_for_real = true;
	fake.cpu = 1;
	spin_lock(&victim);
	fake.cpu = 0;
	spin_lock(&victim);
}

static void held_lock_is_reported_and_ends_the_machine(void)
{
	char out[1024];
	int status = in_child(hold_on_cpu1_then_lock_on_cpu0, out, sizeof(out));
	EXPECT(WIFEXITED(status));
	EXPECT_EQ(WEXITSTATUS(status), LARCH_EXIT_LOCK_STUCK);
	EXPECT(strstr(out, "larch: lock stuck: pCPU 0 spinning at "
			   "tests/test_lock.c:"));
	EXPECT(strstr(out, "held by pCPU 1 since tests/test_lock.c:"));
}

static void unlock_free_lock(void)
{
	fake_reset(1);
	spinlock_t l = SPIN_LOCK_UNLOCKED;
	spin_unlock(&l);
}

static void unlock_without_lock_fails(void)
{
	char out[1024];
	int status = in_child(unlock_free_lock, out, sizeof(out));
	EXPECT(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	EXPECT(strstr(out, "lock discipline: unlock of a free lock"));
}

static void lock_on_cpu0_unlock_on_cpu1(void)
{
	fake_reset(2);
	spinlock_t l = SPIN_LOCK_UNLOCKED;
	spin_lock(&l);
	fake.cpu = 1;
	spin_unlock(&l);
}

static void unlock_by_another_pcpu_fails(void)
{
	char out[1024];
	int status = in_child(lock_on_cpu0_unlock_on_cpu1, out, sizeof(out));
	EXPECT(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	EXPECT(strstr(out, "lock discipline: unlock by another pCPU"));
}

static void assert_held_without_lock(void)
{
	fake_reset(1);
	spinlock_t l = SPIN_LOCK_UNLOCKED;
	assert_spin_held(&l);
}

static void assert_held_fails_when_not_held(void)
{
	char out[1024];
	int status = in_child(assert_held_without_lock, out, sizeof(out));
	EXPECT(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	EXPECT(strstr(out, "lock discipline: lock not held here"));
}

static void lock_unlock_on_one_pcpu_is_quiet(void)
{
	fake_reset(2);
	spinlock_t l = SPIN_LOCK_UNLOCKED;
	fake.cpu = 1;
	spin_lock(&l);
	assert_spin_held(&l);
	EXPECT_EQ(l.holder_cpu, 1);
	EXPECT(l.holder_site && strstr(l.holder_site, "tests/test_lock.c:"));
	spin_unlock(&l);
	EXPECT_EQ(l.locked, 0);
	EXPECT(!l.holder_site);
}

HARNESS_DEFINE("host");

int main(void)
{
	RUN("lock", lock_unlock_on_one_pcpu_is_quiet);
	RUN("lock", held_lock_is_reported_and_ends_the_machine);
	RUN("lock", unlock_without_lock_fails);
	RUN("lock", unlock_by_another_pcpu_fails);
	RUN("lock", assert_held_fails_when_not_held);
	return harness_failed ? 1 : 0;
}

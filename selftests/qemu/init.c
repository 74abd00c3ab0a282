// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the axvcpu test initramfs.
 *
 * Booted by selftests/qemu/run-qemu.sh.  It mounts the pseudo file systems,
 * loads /axvcpu.ko and then, depending on axvcpu.mode= on the kernel command
 * line:
 *
 *   check   run every executable in /tests (and, with axvcpu.fuzz=, the
 *           fuzzer), then check that the module unloads, that the kernel
 *           log shows no trouble and, on a kernel with kmemleak, that
 *           nothing allocated since the module was loaded leaked;
 *   run     run one command (by default "/bin/axvm --kernel /guest/hello.bin");
 *   noload  expect the module load to fail with ENODEV (the machine has no
 *           hardware virtualisation support);
 *   bench   run the benchmark, /bin/axvbench (axvcpu against KVM, which it
 *           loads from /kvm.ko), with the arguments in axvcpu.bench=;
 *
 * and powers the machine off.  Everything it prints is line oriented and
 * framed by "### " markers that selftests/qemu/summarize.py parses:
 *
 *   ### INIT mode=<mode> arch=<arch>
 *   ### PLAN <name> <name> ...        every block that is going to run
 *   ### BEGIN <name>
 *   <TAP output of the block>
 *   ### TIMEOUT <name> after <n> s    (only if it had to be killed)
 *   ### END <name> status=<n>
 *   ### DONE mode=<mode>
 *
 * Kernel command line parameters (all optional):
 *   axvcpu.mode=<mode>              check (default), run, noload, bench
 *   axvcpu.timeout=<seconds>        per block, default 300
 *   axvcpu.run=<argv,comma,separated>
 *   axvcpu.bench=<axvbench,args,comma,separated>
 *   axvcpu.variant=<name>           the kernel variant (host, debug); the
 *                                   tests get it as $AXVCPU_VARIANT
 *   axvcpu.fuzz=<seconds>           check mode: run /bin/axvfuzz that long
 *                                   after the tests (0 or absent: not at all)
 *   axvcpu.loglevel=<n>             console log level while running; check
 *                                   and bench modes default to 4 so that
 *                                   chatty kernel messages do not break up
 *                                   TAP lines or the benchmark table
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MODULE_PATH	"/axvcpu.ko"
#define MODULE_NAME	"axvcpu"
#define TESTS_DIR	"/tests"
#define DEFAULT_RUN	"/bin/axvm,--kernel,/guest/hello.bin"
#define BENCH_PROG	"/bin/axvbench"
#define FUZZ_PROG	"/bin/axvfuzz"
#define KMEMLEAK	"/sys/kernel/debug/kmemleak"
/* kmemleak reports no object younger than this (its jiffies_min_age). */
#define KMEMLEAK_MIN_AGE	5
#define MAX_LEAK_LINES	120
#define DEFAULT_TIMEOUT	300
#define KILL_GRACE	10
#define MAX_ARGS	64
#define MAX_KMSG_LINES	300
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
/* klogctl(2) action, see syslog(2); glibc has no name for it. */
#define SYSLOG_ACTION_CONSOLE_LEVEL	8

#ifdef __riscv
#define NOLOAD_TEST	"load_without_h_extension_fails_enodev"
#else
#define NOLOAD_TEST	"load_without_vhe_fails_enodev"
#endif

static char cmdline[4096];
static sigset_t chld_set;

static void on_sigchld(int sig)
{
	(void)sig;
}

/* One write(2) per call, so that a line is never split by stdio buffering. */
static void out(const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	if (len >= (int)sizeof(buf)) {
		len = sizeof(buf) - 1;
		buf[len - 1] = '\n';
	}
	if (write(STDOUT_FILENO, buf, len) < 0)
		return;
}

static const char *errname(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "E?";
}

/* Returns the value of "key=" on the kernel command line, or NULL. */
static const char *param(const char *key, char *val, size_t size)
{
	size_t klen = strlen(key);
	const char *p = cmdline;

	while (*p) {
		size_t len;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		len = strcspn(p, " \t\n");
		if (len > klen && !strncmp(p, key, klen) && p[klen] == '=') {
			size_t vlen = len - klen - 1;

			if (vlen >= size)
				vlen = size - 1;
			memcpy(val, p + klen + 1, vlen);
			val[vlen] = '\0';
			return val;
		}
		p += len;
	}
	return NULL;
}

static void read_cmdline(void)
{
	int fd = open("/proc/cmdline", O_RDONLY);
	ssize_t n = 0;

	if (fd >= 0) {
		n = read(fd, cmdline, sizeof(cmdline) - 1);
		close(fd);
	}
	cmdline[n > 0 ? n : 0] = '\0';
}

static void mount_fs(const char *src, const char *dir, const char *type)
{
	mkdir(dir, 0755);
	if (mount(src, dir, type, 0, NULL) && errno != EBUSY)
		out("axvcpu-init: mount %s on %s: %s\n", type, dir,
		    strerror(errno));
}

static void setup_console(void)
{
	int fd;

	if (fcntl(STDOUT_FILENO, F_GETFD) >= 0)
		return;
	/* The kernel found no /dev/console in the initramfs: use devtmpfs. */
	fd = open("/dev/console", O_RDWR);
	if (fd < 0)
		return;
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
}

/* Returns 0 or an errno value. */
static int load_module(void)
{
	int fd, err = 0;

	fd = open(MODULE_PATH, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		out("axvcpu-init: open %s: %s (%s)\n", MODULE_PATH,
		    errname(err), strerror(err));
		return err;
	}
	if (syscall(SYS_finit_module, fd, "", 0)) {
		err = errno;
		out("axvcpu-init: finit_module %s: %s (%s)\n", MODULE_PATH,
		    errname(err), strerror(err));
	} else {
		out("axvcpu-init: loaded %s\n", MODULE_PATH);
	}
	close(fd);
	return err;
}

/* Prints a complete one-test TAP block for a check done by init itself. */
static void report(const char *name, int result, const char *fmt, ...)
{
	char msg[1024] = "";
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
	}
	out("### BEGIN %s\n", name);
	out("TAP version 13\n1..1\n");
	if (result > 0)
		out("ok 1 %s # SKIP %s\n", name, msg);
	else if (msg[0])
		out("# %s\n", msg);
	if (result == 0)
		out("ok 1 %s\n", name);
	else if (result < 0)
		out("not ok 1 %s\n", name);
	out("### END %s status=%d\n", name, result < 0);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Reaps every exited child.  Returns true once @pid was among them, its
 * wait status in @status.  Init is PID 1, so orphans end up here too.
 */
static bool reap(pid_t pid, int *status)
{
	bool found = false;
	pid_t p;
	int st;

	while ((p = waitpid(-1, &st, WNOHANG)) > 0) {
		if (p == pid) {
			*status = st;
			found = true;
		}
	}
	return found;
}

/* Waits up to @secs seconds for @pid; true if it exited. */
static bool wait_child(pid_t pid, int *status, double secs)
{
	double end = now() + secs;

	for (;;) {
		struct timespec ts;
		double left;

		if (reap(pid, status))
			return true;
		left = end - now();
		if (left <= 0)
			return false;
		ts.tv_sec = (time_t)left;
		ts.tv_nsec = (long)((left - ts.tv_sec) * 1e9);
		sigtimedwait(&chld_set, NULL, &ts);
	}
}

/*
 * The text of the next record of the kernel log open as @fd (non-blocking),
 * NUL terminated in @rec; its level in *@level.  NULL at the end of the log.
 */
static char *next_kmsg(int fd, char *rec, size_t size, int *level)
{
	for (;;) {
		ssize_t n = read(fd, rec, size - 1);
		char *msg, *nl;

		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: go on */
		if (n <= 0)
			return NULL;
		rec[n] = '\0';
		msg = strchr(rec, ';');
		if (!msg)
			continue;
		*level = atoi(rec) & 7;
		msg++;
		nl = strchr(msg, '\n');
		if (nl)
			*nl = '\0';
		return msg;
	}
}

/* An open /dev/kmsg positioned at the end of the log, or -1. */
static int kmsg_from_now(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/*
 * A test process that dies of a signal it did not ask for leaves only the
 * harness's "terminated by signal" behind; the kernel logs where it
 * happened ("unhandled signal" on riscv, "unhandled exception" or
 * "segfault" on arm64) and the registers, at a level the console does not
 * show.  Copy those records from @fd (and closes it) into the block's
 * output.
 */
static void report_user_faults(int fd)
{
	int after = 0, shown = 0, level;
	char rec[1024], *msg;

	if (fd < 0)
		return;
	while ((msg = next_kmsg(fd, rec, sizeof(rec), &level))) {
		if (strstr(msg, "unhandled signal") ||
		    strstr(msg, "unhandled exception") ||
		    strstr(msg, "segfault"))
			after = 24;	/* and the register dump after it */
		if (after && shown < 100) {
			out("# kmsg: %s\n", msg);
			after--;
			shown++;
		}
	}
	close(fd);
}

/*
 * Runs @argv in its own process group with the console as stdio, framed by
 * BEGIN/END markers.  Returns the exit status (128 + signal if killed, -1 if
 * the process could not be killed).
 */
static int run_block(const char *name, char *const argv[], int timeout)
{
	int status = 0, ret, kmsg = kmsg_from_now();
	pid_t pid;

	out("### BEGIN %s\n", name);
	pid = fork();
	if (pid < 0) {
		close(kmsg);
		out("# axvcpu-init: fork: %s\n", strerror(errno));
		out("### END %s status=-1\n", name);
		return -1;
	}
	if (pid == 0) {
		sigset_t none;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		setpgid(0, 0);
		execv(argv[0], argv);
		out("# axvcpu-init: exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);

	if (!wait_child(pid, &status, timeout)) {
		out("### TIMEOUT %s after %d s, killing its process group\n",
		    name, timeout);
		kill(-pid, SIGKILL);
		if (!wait_child(pid, &status, KILL_GRACE)) {
			close(kmsg);
			out("### END %s status=-1 unkillable (stuck in the kernel?)\n",
			    name);
			return -1;
		}
	}
	/* Whatever the test left behind in its process group goes too. */
	kill(-pid, SIGKILL);
	report_user_faults(kmsg);

	if (WIFEXITED(status)) {
		ret = WEXITSTATUS(status);
		out("### END %s status=%d\n", name, ret);
	} else {
		ret = 128 + WTERMSIG(status);
		out("### END %s status=%d signal=%d (%s)%s\n", name, ret,
		    WTERMSIG(status), strsignal(WTERMSIG(status)),
		    WCOREDUMP(status) ? " core dumped" : "");
	}
	return ret;
}

static int filter_tests(const struct dirent *d)
{
	char path[512];
	struct stat st;

	if (d->d_name[0] == '.')
		return 0;
	snprintf(path, sizeof(path), TESTS_DIR "/%s", d->d_name);
	return !stat(path, &st) && S_ISREG(st.st_mode) && (st.st_mode & 0111);
}

static const char *const trouble[] = {
	"BUG:", "WARNING:", "Oops", "Unable to handle", "Call Trace",
	"kernel BUG", "self-detected stall", "detected stalls", "soft lockup",
	"hard LOCKUP", "INFO: task", "UBSAN:", "KASAN:", "list_add corruption",
	"list_del corruption", "refcount_t:", "Kernel panic",
	/* lockdep, DEBUG_ATOMIC_SLEEP, DEBUG_OBJECTS, kmemleak (debug kernel) */
	"possible circular locking", "possible recursive locking",
	"inconsistent lock state", "suspicious RCU usage",
	"DEBUG_LOCKS_WARN_ON", "sleeping function called from invalid context",
	"ODEBUG:", "suspected memory leak", "leak detector disabled",
	"Bad page", "page dumped because",
};

static bool is_trouble(const char *msg)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(trouble); i++)
		if (strstr(msg, trouble[i]))
			return true;
	return false;
}

/*
 * Scans the whole kernel log.  Lines that look like trouble are printed, and
 * so is every warning-or-worse line after the first of them (the rest of a
 * splat), as TAP diagnostics.
 */
static void check_kernel_log(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	int found = 0, printed = 0, level;
	char rec[8192], *msg;

	out("### BEGIN kernel_log_clean\n");
	out("TAP version 13\n1..1\n");
	if (fd < 0) {
		out("# open /dev/kmsg: %s\n", strerror(errno));
		out("not ok 1 kernel_log_clean\n");
		out("### END kernel_log_clean status=1\n");
		return;
	}
	while ((msg = next_kmsg(fd, rec, sizeof(rec), &level))) {
		bool bad = is_trouble(msg);

		found += bad;
		if ((bad || (found && level <= 4)) &&
		    printed++ < MAX_KMSG_LINES)
			out("# kmsg%s %s\n", bad ? "!" : ":", msg);
	}
	close(fd);
	if (printed > MAX_KMSG_LINES)
		out("# (%d more kernel log lines not shown)\n",
		    printed - MAX_KMSG_LINES);
	if (found) {
		out("# %d kernel log line(s) indicate trouble\n", found);
		out("not ok 1 kernel_log_clean\n");
	} else {
		out("ok 1 kernel_log_clean\n");
	}
	out("### END kernel_log_clean status=%d\n", !!found);
}

static double uptime(void)
{
	double t = 0;
	FILE *f = fopen("/proc/uptime", "r");

	if (f) {
		if (fscanf(f, "%lf", &t) != 1)
			t = 0;
		fclose(f);
	}
	return t;
}

static bool kmemleak_cmd(const char *cmd)
{
	int fd = open(KMEMLEAK, O_WRONLY);
	bool ok;

	if (fd < 0)
		return false;
	ok = write(fd, cmd, strlen(cmd)) == (ssize_t)strlen(cmd);
	if (!ok)
		out("# axvcpu-init: kmemleak %s: %s\n", cmd, strerror(errno));
	close(fd);
	return ok;
}

/*
 * Before the module is loaded: stop the periodic scan (its reports would
 * come at random times) and forget everything leaked so far, so that the
 * scan after the unload reports only what the tests leaked.
 */
static void kmemleak_start(void)
{
	if (access(KMEMLEAK, W_OK))
		return;
	kmemleak_cmd("scan=off");
	kmemleak_cmd("scan");
	kmemleak_cmd("clear");
}

/*
 * After the unload: scan and report every unreferenced object allocated
 * since @since (uptime seconds; kmemleak gives each object's age).  An
 * object leaked by the module survives its unload, which is the point.
 */
static void check_kmemleak(double since)
{
	int leaks = 0, older = 0, printed = 0;
	bool counted = false;
	char line[512];
	double t;
	FILE *f;

	out("### BEGIN kmemleak_clean\n");
	out("TAP version 13\n1..1\n");
	/* Objects younger than the minimum age are never reported. */
	sleep(KMEMLEAK_MIN_AGE + 1);
	/* Two scans: a pointer in flight during the first is seen by the second. */
	if (!kmemleak_cmd("scan") || !kmemleak_cmd("scan")) {
		out("not ok 1 kmemleak_clean\n");
		out("### END kmemleak_clean status=1\n");
		return;
	}
	t = uptime();
	f = fopen(KMEMLEAK, "r");
	if (!f) {
		out("# open %s: %s\n", KMEMLEAK, strerror(errno));
		out("not ok 1 kmemleak_clean\n");
		out("### END kmemleak_clean status=1\n");
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		char *nl = strchr(line, '\n');
		const char *age;

		if (nl)
			*nl = '\0';
		if (!strncmp(line, "unreferenced object", 19)) {
			counted = false;
			continue;
		}
		/* "  comm "x", pid N, jiffies N (age 12.345s)" follows it. */
		age = strstr(line, "(age ");
		if (age && !counted) {
			counted = true;
			if (t - atof(age + 5) < since) {
				older++;
				continue;
			}
			leaks++;
		}
		if (leaks && printed++ < MAX_LEAK_LINES)
			out("# kmemleak: %s\n", line);
	}
	fclose(f);
	if (older)
		out("# %d unreferenced object(s) from before the module was loaded, not counted\n",
		    older);
	if (leaks) {
		out("# %d object(s) leaked since the module was loaded\n", leaks);
		out("not ok 1 kmemleak_clean\n");
	} else {
		out("ok 1 kmemleak_clean\n");
	}
	out("### END kmemleak_clean status=%d\n", !!leaks);
}

static void check_unload(bool loaded)
{
	int i, err = 0;

	if (!loaded) {
		report("module_unload", 1, "module was not loaded");
		return;
	}
	/* A test that just exited may still be dropping its references. */
	for (i = 0; i < 50; i++) {
		if (!syscall(SYS_delete_module, MODULE_NAME, O_NONBLOCK)) {
			report("module_unload", 0, NULL);
			return;
		}
		err = errno;
		if (err != EAGAIN && err != EBUSY)
			break;
		usleep(100000);
	}
	report("module_unload", -1, "delete_module(%s): %s (%s)%s",
	       MODULE_NAME, errname(err), strerror(err),
	       err == EAGAIN ? ": module still in use" : "");
}

static void mode_check(int timeout)
{
	struct dirent **tests;
	char plan[4096], val[32];
	bool kmemleak;
	int n, i, err, fuzz = 0;
	double loaded_at;
	size_t len;

	n = scandir(TESTS_DIR, &tests, filter_tests, alphasort);
	if (n < 0) {
		out("axvcpu-init: scandir %s: %s\n", TESTS_DIR,
		    strerror(errno));
		n = 0;
	}
	if (param("axvcpu.fuzz", val, sizeof(val)) && !access(FUZZ_PROG, X_OK))
		fuzz = atoi(val);
	mount_fs("debugfs", "/sys/kernel/debug", "debugfs");
	kmemleak = !access(KMEMLEAK, R_OK);

	len = snprintf(plan, sizeof(plan), "### PLAN module_load");
	for (i = 0; i < n && len < sizeof(plan); i++)
		len += snprintf(plan + len, sizeof(plan) - len, " %s",
				tests[i]->d_name);
	if (len < sizeof(plan))
		snprintf(plan + len, sizeof(plan) - len,
			 "%s module_unload kernel_log_clean%s\n",
			 fuzz > 0 ? " axvfuzz" : "",
			 kmemleak ? " kmemleak_clean" : "");
	out("%s", plan);

	if (kmemleak)
		kmemleak_start();
	loaded_at = uptime();
	err = load_module();
	if (err)
		report("module_load", -1, "finit_module(%s): %s (%s)",
		       MODULE_PATH, errname(err), strerror(err));
	else
		report("module_load", 0, NULL);

	for (i = 0; i < n; i++) {
		char path[512];
		char *argv[2];

		snprintf(path, sizeof(path), TESTS_DIR "/%s", tests[i]->d_name);
		argv[0] = path;
		argv[1] = NULL;
		run_block(tests[i]->d_name, argv, timeout);
		free(tests[i]);
	}
	free(tests);

	if (fuzz > 0) {
		char secs[16];
		char *argv[] = { FUZZ_PROG, "--time", secs, NULL };

		snprintf(secs, sizeof(secs), "%d", fuzz);
		run_block("axvfuzz", argv, fuzz + timeout);
	}

	check_unload(!err);
	check_kernel_log();
	if (kmemleak)
		check_kmemleak(loaded_at);
}

static void mode_run(int timeout)
{
	char buf[1024], *argv[MAX_ARGS + 1], *name;
	int argc = 0, status;

	if (!param("axvcpu.run", buf, sizeof(buf)))
		strcpy(buf, DEFAULT_RUN);
	for (char *tok = strtok(buf, ","); tok && argc < MAX_ARGS;
	     tok = strtok(NULL, ","))
		argv[argc++] = tok;
	argv[argc] = NULL;
	if (!argc) {
		out("axvcpu-init: empty axvcpu.run=\n");
		return;
	}
	name = strrchr(argv[0], '/');
	name = name ? name + 1 : argv[0];

	out("### PLAN %s\n", name);
	load_module();
	status = run_block(name, argv, timeout);
	out("axvcpu-init: %s exited with status %d\n", argv[0], status);
}

/* Where the module's code is, for make profile (tools/bench/profile.py). */
static void print_module_text(void)
{
	char buf[32];
	ssize_t n;
	int fd;

	fd = open("/sys/module/axvcpu/sections/.text", O_RDONLY);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n > 0) {
		buf[n] = '\0';
		out("axvcpu-init: axvcpu .text at %s", buf);
	}
}

/*
 * bench: like run, but the program is fixed and the command line only adds
 * arguments.  Its output is one block; tools/bench/extract.py takes the
 * table out of the log.
 */
static void mode_bench(int timeout)
{
	char buf[1024] = "", *argv[MAX_ARGS + 1];
	int argc = 0;

	argv[argc++] = BENCH_PROG;
	param("axvcpu.bench", buf, sizeof(buf));
	for (char *tok = strtok(buf, ","); tok && argc < MAX_ARGS;
	     tok = strtok(NULL, ","))
		argv[argc++] = tok;
	argv[argc] = NULL;

	out("### PLAN axvbench\n");
	if (!load_module())
		print_module_text();
	run_block("axvbench", argv, timeout);
}

static void mode_noload(void)
{
	int err;

	out("### PLAN %s\n", NOLOAD_TEST);
	err = load_module();
	if (err == ENODEV) {
		report(NOLOAD_TEST, 0, NULL);
		return;
	}
	if (!err) {
		report(NOLOAD_TEST, -1,
		       "finit_module succeeded on a machine without virtualisation support");
		syscall(SYS_delete_module, MODULE_NAME, O_NONBLOCK);
	} else {
		report(NOLOAD_TEST, -1, "finit_module failed with %s (%s), want ENODEV",
		       errname(err), strerror(err));
	}
}

int main(void)
{
	char mode[32], val[32];
	struct utsname uts;
	int timeout = DEFAULT_TIMEOUT, loglevel = -1;

	mount_fs("devtmpfs", "/dev", "devtmpfs");
	setup_console();
	mount_fs("proc", "/proc", "proc");
	mount_fs("sysfs", "/sys", "sysfs");
	setenv("PATH", "/bin:/tests", 1);
	setenv("HOME", "/", 1);
	read_cmdline();

	/*
	 * SIGCHLD stays blocked in init and is waited for with sigtimedwait();
	 * the handler only makes sure it is never discarded as ignored.
	 */
	sigemptyset(&chld_set);
	sigaddset(&chld_set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld_set, NULL);
	signal(SIGCHLD, on_sigchld);

	if (!param("axvcpu.mode", mode, sizeof(mode)))
		strcpy(mode, "check");
	/* The tests scale their slowest loops down on a debug kernel. */
	if (param("axvcpu.variant", val, sizeof(val)))
		setenv("AXVCPU_VARIANT", val, 1);
	if (param("axvcpu.timeout", val, sizeof(val)) && atoi(val) > 0)
		timeout = atoi(val);
	if (param("axvcpu.loglevel", val, sizeof(val)))
		loglevel = atoi(val);
	else if (!strcmp(mode, "check") || !strcmp(mode, "bench"))
		loglevel = 4;
	if (loglevel >= 0)
		klogctl(SYSLOG_ACTION_CONSOLE_LEVEL, NULL, loglevel);

	uname(&uts);
	out("\n### INIT mode=%s arch=%s kernel=%s\n", mode, uts.machine,
	    uts.release);

	if (!strcmp(mode, "check"))
		mode_check(timeout);
	else if (!strcmp(mode, "run"))
		mode_run(timeout);
	else if (!strcmp(mode, "noload"))
		mode_noload();
	else if (!strcmp(mode, "bench"))
		mode_bench(timeout);
	else
		out("axvcpu-init: unknown axvcpu.mode=%s\n", mode);

	out("### DONE mode=%s\n", mode);
	sync();
	reboot(RB_POWER_OFF);
	out("axvcpu-init: reboot(RB_POWER_OFF): %s\n", strerror(errno));
	for (;;)
		pause();
}

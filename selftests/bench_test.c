// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark program runs and prints a well-formed table.  Its figures
 * are never judged (this boot is not even under -icount): only that
 * /bin/axvbench, run with tiny counts, exits 0 and reports every row for
 * axvcpu and for KVM with positive numbers, that it fails on bad arguments,
 * and that the table check itself rejects broken tables.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "harness.h"

#define AXVBENCH	"/bin/axvbench"
#define TIMEOUT		240
#define OUT_MAX		(256 * 1024)

#define MARK_CSV	"--- axvbench csv ---"
#define MARK_END	"--- axvbench end ---"
#define CSV_HEADER	"row,hypervisor,iterations,repetitions,ns_min,ns_median," \
			"ns_max,cycles,instret,axvcpu_over_kvm,over_null_ioctl"
#define NR_FIELDS	11

/* Tiny counts: this only checks the shape of the output. */
#define ITERS		20
#define PAGES		16
#define REPS		3

/*
 * The hypercall rows are named after each architecture's call.  The arm64
 * guest has no instruction counter it can read under both hypervisors:
 * its cycles and instret are "-" on every row.
 */
#if defined(__riscv)
#define ROW_HCALL_KERNEL	"sbi_kernel"
#define ROW_HCALL_USER		"sbi_user"
#define GUEST_COUNTERS		true
#else
#define ROW_HCALL_KERNEL	"psci_kernel"
#define ROW_HCALL_USER		"hvc_user"
#define GUEST_COUNTERS		false
#endif

static const struct {
	const char *name;
	unsigned long iters;	/* what axvbench runs for --iters/--pages */
} rows[] = {
	{ "null_ioctl", ITERS * 4 },
	{ "guest_loop", ITERS * 100 },
	{ ROW_HCALL_KERNEL, ITERS },
	{ ROW_HCALL_USER, ITERS },
	{ "mmio_read", ITERS },
	{ "mmio_write", ITERS },
	{ "page_fault", PAGES },
	{ "page_scatter", PAGES / 16 },	/* BENCH_SCATTER_PAGES apart */
};

static const char *const hvs[] = { "axvcpu", "kvm" };

#define NR_LINES	(ARRAY_SIZE(rows) * ARRAY_SIZE(hvs))

/* Runs @argv with stdout and stderr into @buf; returns its wait status. */
static int run_capture(char *const argv[], char *buf, size_t size)
{
	size_t len = 0;
	int fds[2], status;
	pid_t pid;
	ssize_t n;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		close(fds[1]);
		execv(argv[0], argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	while ((n = read(fds[0], buf + len, size - 1 - len)) > 0 ||
	       (n < 0 && errno == EINTR))
		len += n > 0 ? n : 0;
	buf[len] = '\0';
	close(fds[0]);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/* Shows what the program printed, as TAP diagnostics. */
static void dump(const char *buf)
{
	const char *p = buf;

	while (*p) {
		size_t len = strcspn(p, "\n");

		printf("# | %.*s\n", (int)len, p);
		p += len + (p[len] == '\n');
	}
}

static char reason[512];

static bool bad(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	return false;
}

/* A positive number, or "-" where @dash_ok. */
static bool parse_field(const char *s, bool dash_ok, double *v)
{
	char *end;

	if (dash_ok && !strcmp(s, "-")) {
		*v = 0;
		return true;
	}
	errno = 0;
	*v = strtod(s, &end);
	return !errno && end != s && !*end && *v > 0;
}

/*
 * Checks the CSV block of axvbench's output.  false and why in reason[]
 * when it is not well formed.
 */
static bool check_table(const char *out, int reps)
{
	double ratio[ARRAY_SIZE(rows)] = { 0 };
	bool seen[ARRAY_SIZE(rows)][ARRAY_SIZE(hvs)] = { { false } };
	const char *p, *end;
	char line[512];
	size_t i, h, nlines = 0;

	p = strstr(out, MARK_CSV "\n");
	if (!p)
		return bad("no \"%s\" line", MARK_CSV);
	p += strlen(MARK_CSV) + 1;
	end = strstr(p, MARK_END "\n");
	if (!end)
		return bad("no \"%s\" line", MARK_END);
	if (strncmp(p, CSV_HEADER "\n", strlen(CSV_HEADER) + 1))
		return bad("CSV header is not \"%s\"", CSV_HEADER);
	p += strlen(CSV_HEADER) + 1;

	for (; p < end; p += strlen(line) + 1, nlines++) {
		char copy[sizeof(line)], *f[NR_FIELDS], *rest = copy, *tok;
		double v[NR_FIELDS];
		size_t nf = 0, k;

		snprintf(line, sizeof(line), "%.*s",
			 (int)strcspn(p, "\n"), p);
		if (strlen(line) >= sizeof(line) - 1)
			return bad("CSV line too long");
		strcpy(copy, line);
		while ((tok = strsep(&rest, ",")) && nf < NR_FIELDS)
			f[nf++] = tok;
		if (tok)
			nf++;	/* one too many */
		if (nf != NR_FIELDS)
			return bad("%zu fields, want %d: %s", nf, NR_FIELDS,
				   line);
		for (i = 0; i < ARRAY_SIZE(rows); i++)
			if (!strcmp(f[0], rows[i].name))
				break;
		for (h = 0; h < ARRAY_SIZE(hvs); h++)
			if (!strcmp(f[1], hvs[h]))
				break;
		if (i == ARRAY_SIZE(rows) || h == ARRAY_SIZE(hvs))
			return bad("unknown row or hypervisor: %s", line);
		if (seen[i][h])
			return bad("row twice: %s", line);
		seen[i][h] = true;
		for (k = 2; k < NR_FIELDS; k++) {
			/* The null ioctl has no guest to count cycles. */
			bool dash_ok = (i == 0 || !GUEST_COUNTERS) &&
				       (k == 7 || k == 8);

			if (!parse_field(f[k], dash_ok, &v[k]))
				return bad("field %zu is not a positive number: %s",
					   k + 1, line);
		}
		if (v[2] != rows[i].iters || v[3] != reps)
			return bad("iterations/repetitions %g/%g, want %lu/%d: %s",
				   v[2], v[3], rows[i].iters, reps, line);
		if (!(v[4] <= v[5] && v[5] <= v[6]))
			return bad("not min <= median <= max: %s", line);
		if (ratio[i] && ratio[i] != v[9])
			return bad("axvcpu/kvm ratio differs between the hypervisors: %s",
				   line);
		ratio[i] = v[9];
		if (i == 0 && v[10] != 1)
			return bad("null_ioctl over itself is not 1: %s", line);
	}
	if (nlines != NR_LINES)
		return bad("%zu CSV lines, want %zu", nlines, NR_LINES);
	for (i = 0; i < ARRAY_SIZE(rows); i++)
		for (h = 0; h < ARRAY_SIZE(hvs); h++)
			if (!seen[i][h])
				return bad("no row %s for %s", rows[i].name,
					   hvs[h]);
	return strstr(out, "--- axvbench table ---\n") ? true :
	       bad("no text table");
}

/* A table as axvbench prints it, for checking the checker. */
static void make_table(char *buf, size_t size)
{
	size_t i, h, len;

	len = snprintf(buf, size, "--- axvbench table ---\n(text)\n"
		       MARK_CSV "\n" CSV_HEADER "\n");
	for (i = 0; i < ARRAY_SIZE(rows); i++)
		for (h = 0; h < ARRAY_SIZE(hvs); h++)
			len += snprintf(buf + len, size - len,
					"%s,%s,%lu,%d,1.0,2.0,3.0,%s,%s,0.5000,%s\n",
					rows[i].name, hvs[h], rows[i].iters,
					REPS, i && GUEST_COUNTERS ? "4.0" : "-",
					i && GUEST_COUNTERS ? "4.0" : "-",
					i ? "2.0000" : "1.0000");
	snprintf(buf + len, size - len, MARK_END "\n");
}

/* Replaces the first @from in @buf with @to. */
static bool edit(char *buf, size_t size, const char *from, const char *to)
{
	char *p = strstr(buf, from);
	size_t flen = strlen(from), tlen = strlen(to);

	if (!p || strlen(buf) - flen + tlen >= size)
		return false;
	memmove(p + tlen, p + flen, strlen(p + flen) + 1);
	memcpy(p, to, tlen);
	return true;
}

/* No state: only for the harness's per-test timeout. */
FIXTURE(bench) {
	int unused;
};

FIXTURE_SETUP(bench)
{
}

FIXTURE_TEARDOWN(bench)
{
}

TEST_F_TIMEOUT(bench, table_well_formed, TIMEOUT)
{
	char *argv[] = {
		AXVBENCH, "--iters", "20", "--pages", "16", "--reps", "3",
		NULL
	};
	char *out = malloc(OUT_MAX);
	int status;

	ASSERT_NE(NULL, out);
	ASSERT_EQ(0, access(AXVBENCH, X_OK)) {
		TH_LOG("%s: %s (make tools builds it, the initramfs has it)",
		       AXVBENCH, strerror(errno));
	}
	status = run_capture(argv, out, OUT_MAX);
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		TH_LOG("axvbench: wait status %#x", status);
	}
	EXPECT_TRUE(check_table(out, REPS)) {
		TH_LOG("axvbench table: %s", reason);
	}
	if (_metadata->passed != 1)	/* kselftest: 1 until a check fails */
		dump(out);
	free(out);
}

TEST_F_TIMEOUT(bench, bad_arguments_fail, TIMEOUT)
{
	char *zero[] = { AXVBENCH, "--iters", "0", NULL };
	char *junk[] = { AXVBENCH, "--reps", "x", NULL };
	char *extra[] = { AXVBENCH, "extra", NULL };
	char *row[] = { AXVBENCH, "--row", "no_such_row", NULL };
	char *hv[] = { AXVBENCH, "--hv", "qemu", NULL };
	char **cases[] = { zero, junk, extra, row, hv };
	char out[4096];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int status = run_capture(cases[i], out, sizeof(out));

		EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) != 0) {
			TH_LOG("%s %s: wait status %#x", cases[i][0],
			       cases[i][1], status);
		}
		EXPECT_EQ(NULL, strstr(out, MARK_CSV)) {
			TH_LOG("%s %s printed a table", cases[i][0],
			       cases[i][1]);
		}
	}
}

/* The check above must be able to fail: it rejects each of these. */
TEST_F_TIMEOUT(bench, checker_rejects_broken_tables, TIMEOUT)
{
	static const struct {
		const char *from, *to;
	} breaks[] = {
		{ "mmio_read,kvm", "mmio_read,axvcpu" },	/* a row twice */
		{ "page_fault,kvm", "page_fault,qemu" },	/* unknown hv */
		{ ROW_HCALL_USER ",axvcpu,20,3,1.0", ROW_HCALL_USER ",axvcpu,20,3,-1.0" },
		{ ROW_HCALL_USER ",kvm,20,3,1.0,2.0", ROW_HCALL_USER ",kvm,20,3,1.0,nan" },
#if defined(__riscv)
		{ "guest_loop,kvm,2000,3,1.0,2.0,3.0,4.0", "guest_loop,kvm,2000,3,1.0,2.0,3.0,-" },
#else
		{ "guest_loop,kvm,2000,3,1.0,2.0,3.0,-", "guest_loop,kvm,2000,3,1.0,2.0,3.0,0" },
#endif
		{ ROW_HCALL_KERNEL ",kvm,20,", ROW_HCALL_KERNEL ",kvm,21," },
		{ ROW_HCALL_KERNEL ",kvm,20,3,1.0,2.0,3.0",
		  ROW_HCALL_KERNEL ",kvm,20,3,1.0,2.0,1.5" },
		{ "mmio_write,kvm,20,3,1.0,2.0,3.0", "mmio_write,kvm,20,3,1.0,2.0,3.0,x" },
		{ "0.5000,2.0000\nmmio_write,axvcpu", "0.6000,2.0000\nmmio_write,axvcpu" },
		{ "null_ioctl,kvm,80,3,1.0,2.0,3.0,-,-,0.5000,1.0000",
		  "null_ioctl,kvm,80,3,1.0,2.0,3.0,-,-,0.5000" },
		{ ",over_null_ioctl", "" },
		{ MARK_END, "" },
	};
	char good[8192], buf[8192];
	size_t i;

	make_table(good, sizeof(good));
	ASSERT_TRUE(check_table(good, REPS)) {
		TH_LOG("a good table is rejected: %s", reason);
	}
	/* A missing row. */
	strcpy(buf, good);
	*strstr(buf, "page_fault,kvm") = '\0';
	strcat(buf, MARK_END "\n");
	EXPECT_FALSE(check_table(buf, REPS));

	for (i = 0; i < ARRAY_SIZE(breaks); i++) {
		strcpy(buf, good);
		ASSERT_TRUE(edit(buf, sizeof(buf), breaks[i].from,
				 breaks[i].to)) {
			TH_LOG("case %zu does not apply", i);
		}
		EXPECT_FALSE(check_table(buf, REPS)) {
			TH_LOG("accepted: %s -> %s", breaks[i].from,
			       breaks[i].to);
		}
	}
}

/*
 * --row and --hv run one line of the table: only it is printed, and its
 * ratios, which need a KVM figure and a null ioctl that did not run, are
 * "-".
 */
TEST_F_TIMEOUT(bench, one_row_alone, TIMEOUT)
{
	char *argv[] = {
		AXVBENCH, "--iters", "20", "--reps", "1", "--row", "mmio_read",
		"--hv", "axvcpu", NULL
	};
	char *out = malloc(OUT_MAX), *csv, *end, *line;
	int status, lines = 0;

	ASSERT_NE(NULL, out);
	status = run_capture(argv, out, OUT_MAX);
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		TH_LOG("axvbench: wait status %#x", status);
	}
	csv = strstr(out, MARK_CSV "\n" CSV_HEADER "\n");
	end = strstr(out, MARK_END);
	ASSERT_TRUE(csv && end && csv < end) {
		dump(out);
	}
	*end = '\0';
	for (line = strtok(csv + strlen(MARK_CSV CSV_HEADER) + 2, "\n");
	     line; line = strtok(NULL, "\n")) {
		lines++;
		EXPECT_EQ(0, strncmp(line, "mmio_read,axvcpu,20,1,", 22)) {
			TH_LOG("line %d: %s", lines, line);
		}
		EXPECT_NE(NULL, strstr(line, ",-,-")) {
			TH_LOG("ratios without KVM and null ioctl: %s", line);
		}
	}
	EXPECT_EQ(1, lines);
	free(out);
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * vmm.c - kslim-vmm: a minimal KVM VMM proving the kernel can host guests
 *
 * Usage: kslim-vmm [-n VCPUS] [-t SECONDS] [-d /dev/kvm]
 *
 * Creates one VM with a 2 MiB memslot and VCPUS vCPUs (default 2), each
 * driven by its own thread.  Every vCPU runs three programs (guest.S):
 * a checksum in real mode, the guest's own switch from real mode to long
 * mode, and a 64-bit checksum entered through KVM_SET_SREGS with page
 * tables, GDT, CR0/CR4/EFER built here.  The VMM checks every I/O and MMIO
 * exit (port, size, direction, data), the values the guest stored in
 * memory, and that all vCPUs were inside the VM at the same time.
 *
 * Output is KTAP (Documentation/dev-tools/ktap.rst).  Exit codes: 0 every
 * test passed, 1 a test failed, 2 usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "layout.h"

extern const unsigned char rm_start[], rm_end[];
extern const unsigned char lm_start[], lm_end[];
extern const unsigned char ms_start[], ms_end[];

#define EFER_LME	0x100ULL
#define EFER_LMA	0x400ULL
#define X86_CR0_PE	0x1ULL
#define X86_CR0_MP	0x2ULL
#define X86_CR0_ET	0x10ULL
#define X86_CR0_NE	0x20ULL
#define X86_CR0_WP	0x10000ULL
#define X86_CR0_PG	0x80000000ULL
#define X86_CR4_PAE	0x20ULL

enum { T_REAL, T_SWITCH, T_LONG, NR_VCPU_TESTS };
static const char *const test_names[NR_VCPU_TESTS] = {
	"real_mode", "mode_switch", "long_mode",
};

struct vcpu {
	int id;
	int fd;
	struct kvm_run *run;
	size_t run_size;
	pthread_t thread;
	int passed[NR_VCPU_TESTS];
	char why[NR_VCPU_TESTS][256];
	int rendezvous;		/* 1 when this vCPU saw every other one */
	int cur;		/* test being run, for fail() */
};

static int kvm_fd = -1, vm_fd = -1;
static unsigned char *mem;
static int nr_vcpus = 2;
static struct kvm_cpuid2 *cpuid;

static void *xmalloc(size_t size)
{
	void *p = calloc(1, size);

	if (!p) {
		fprintf(stderr, "kslim-vmm: error: out of memory\n");
		exit(2);
	}
	return p;
}

/* Record the first failure of the current test; later ones add nothing. */
static int fail(struct vcpu *v, const char *fmt, ...)
{
	va_list ap;

	if (v->why[v->cur][0])
		return -1;
	va_start(ap, fmt);
	vsnprintf(v->why[v->cur], sizeof(v->why[v->cur]), fmt, ap);
	va_end(ap);
	return -1;
}

static const char *exit_name(unsigned int reason)
{
	switch (reason) {
	case KVM_EXIT_IO:		return "KVM_EXIT_IO";
	case KVM_EXIT_HLT:		return "KVM_EXIT_HLT";
	case KVM_EXIT_MMIO:		return "KVM_EXIT_MMIO";
	case KVM_EXIT_SHUTDOWN:		return "KVM_EXIT_SHUTDOWN (triple fault)";
	case KVM_EXIT_FAIL_ENTRY:	return "KVM_EXIT_FAIL_ENTRY";
	case KVM_EXIT_INTERNAL_ERROR:	return "KVM_EXIT_INTERNAL_ERROR";
	case KVM_EXIT_EXCEPTION:	return "KVM_EXIT_EXCEPTION";
	default:			return "unexpected exit";
	}
}

/* KVM_RUN once; returns the exit reason or -1 with the failure recorded. */
static int vcpu_run(struct vcpu *v)
{
	struct kvm_regs regs;

	while (ioctl(v->fd, KVM_RUN, 0) < 0) {
		if (errno == EINTR || errno == EAGAIN)
			continue;
		return fail(v, "KVM_RUN: %s", strerror(errno));
	}
	switch (v->run->exit_reason) {
	case KVM_EXIT_IO:
	case KVM_EXIT_HLT:
	case KVM_EXIT_MMIO:
		return v->run->exit_reason;
	}
	memset(&regs, 0, sizeof(regs));
	ioctl(v->fd, KVM_GET_REGS, &regs);
	if (v->run->exit_reason == KVM_EXIT_FAIL_ENTRY)
		return fail(v, "%s: hardware_entry_failure_reason 0x%llx",
			    exit_name(v->run->exit_reason),
			    (unsigned long long)
			    v->run->fail_entry.hardware_entry_failure_reason);
	if (v->run->exit_reason == KVM_EXIT_INTERNAL_ERROR)
		return fail(v, "%s: suberror %u at rip 0x%llx",
			    exit_name(v->run->exit_reason),
			    v->run->internal.suberror,
			    (unsigned long long)regs.rip);
	return fail(v, "%s (%u) at rip 0x%llx", exit_name(v->run->exit_reason),
		    v->run->exit_reason, (unsigned long long)regs.rip);
}

/* Expect an OUT of @size bytes to @port; return its data in @val. */
static int expect_out(struct vcpu *v, uint16_t port, uint8_t size,
		      uint64_t *val)
{
	struct kvm_run *r = v->run;
	int reason = vcpu_run(v);

	if (reason < 0)
		return -1;
	if (reason != KVM_EXIT_IO)
		return fail(v, "wanted KVM_EXIT_IO to port 0x%x, got %s",
			    port, exit_name(reason));
	if (r->io.direction != KVM_EXIT_IO_OUT || r->io.port != port ||
	    r->io.size != size || r->io.count != 1)
		return fail(v, "I/O exit: %s port 0x%x size %u count %u, wanted out port 0x%x size %u",
			    r->io.direction == KVM_EXIT_IO_OUT ? "out" : "in",
			    r->io.port, r->io.size, r->io.count, port, size);
	if (r->io.data_offset + size > v->run_size)
		return fail(v, "I/O data offset %llu outside kvm_run",
			    (unsigned long long)r->io.data_offset);
	*val = 0;
	memcpy(val, (char *)r + r->io.data_offset, size);
	return 0;
}

/* Expect an MMIO access; writes return the data, reads are answered. */
static int expect_mmio(struct vcpu *v, uint64_t gpa, int is_write,
		       uint64_t *val)
{
	struct kvm_run *r = v->run;
	int reason = vcpu_run(v);

	if (reason < 0)
		return -1;
	if (reason != KVM_EXIT_MMIO)
		return fail(v, "wanted KVM_EXIT_MMIO at 0x%" PRIx64 ", got %s",
			    gpa, exit_name(reason));
	if (r->mmio.phys_addr != gpa || r->mmio.len != 8 ||
	    !!r->mmio.is_write != is_write)
		return fail(v, "MMIO exit: %s 0x%llx len %u, wanted %s 0x%" PRIx64 " len 8",
			    r->mmio.is_write ? "write" : "read",
			    (unsigned long long)r->mmio.phys_addr, r->mmio.len,
			    is_write ? "write" : "read", gpa);
	if (is_write)
		memcpy(val, r->mmio.data, 8);
	else
		memcpy(r->mmio.data, val, 8);
	return 0;
}

static int expect_hlt(struct vcpu *v)
{
	int reason = vcpu_run(v);

	if (reason < 0)
		return -1;
	if (reason != KVM_EXIT_HLT)
		return fail(v, "wanted KVM_EXIT_HLT, got %s", exit_name(reason));
	return 0;
}

static uint64_t rd64(uint64_t gpa)
{
	uint64_t x;

	memcpy(&x, mem + gpa, sizeof(x));
	return x;
}

static uint16_t rd16(uint64_t gpa)
{
	uint16_t x;

	memcpy(&x, mem + gpa, sizeof(x));
	return x;
}

static int set_regs(struct vcpu *v, uint64_t rip, uint64_t rbx, uint64_t rdi,
		    uint64_t rsi, uint64_t rdx, uint64_t rsp)
{
	struct kvm_regs regs;

	memset(&regs, 0, sizeof(regs));
	regs.rflags = 2;	/* bit 1 is reserved and must be set */
	regs.rip = rip;
	regs.rbx = rbx;
	regs.rdi = rdi;
	regs.rsi = rsi;
	regs.rdx = rdx;
	regs.rsp = rsp;
	if (ioctl(v->fd, KVM_SET_REGS, &regs) < 0)
		return fail(v, "KVM_SET_REGS: %s", strerror(errno));
	return 0;
}

static void real_mode_seg(struct kvm_segment *s, uint8_t type)
{
	memset(s, 0, sizeof(*s));
	s->limit = 0xffff;
	s->type = type;
	s->present = 1;
	s->s = 1;
}

/* Flat real mode at segment 0: what both real-mode programs start from. */
static int set_real_mode(struct vcpu *v)
{
	struct kvm_sregs sregs;

	if (ioctl(v->fd, KVM_GET_SREGS, &sregs) < 0)
		return fail(v, "KVM_GET_SREGS: %s", strerror(errno));
	real_mode_seg(&sregs.cs, 0xb);
	real_mode_seg(&sregs.ds, 0x3);
	sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.ds;
	sregs.cr0 = X86_CR0_ET;
	sregs.cr3 = 0;
	sregs.cr4 = 0;
	sregs.efer = 0;
	if (ioctl(v->fd, KVM_SET_SREGS, &sregs) < 0)
		return fail(v, "KVM_SET_SREGS (real mode): %s", strerror(errno));
	return 0;
}

static void flat_seg(struct kvm_segment *s, uint16_t sel, uint8_t type, int l)
{
	memset(s, 0, sizeof(*s));
	s->base = 0;
	s->limit = 0xffffffff;
	s->selector = sel;
	s->type = type;
	s->present = 1;
	s->s = 1;
	s->l = l;
	s->db = !l;
	s->g = 1;
}

/* 64-bit mode set up entirely by the VMM: the state a loader hands over. */
static int set_long_mode(struct vcpu *v)
{
	struct kvm_sregs sregs;

	if (ioctl(v->fd, KVM_GET_SREGS, &sregs) < 0)
		return fail(v, "KVM_GET_SREGS: %s", strerror(errno));
	flat_seg(&sregs.cs, 0x08, 0xb, 1);
	flat_seg(&sregs.ds, 0x10, 0x3, 0);
	sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.ds;
	sregs.gdt.base = GDT_GPA;
	sregs.gdt.limit = 3 * 8 - 1;
	sregs.cr3 = PML4_GPA;
	sregs.cr4 = X86_CR4_PAE;
	sregs.cr0 = X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | X86_CR0_NE |
		    X86_CR0_WP | X86_CR0_PG;
	sregs.efer = EFER_LME | EFER_LMA;
	if (ioctl(v->fd, KVM_SET_SREGS, &sregs) < 0)
		return fail(v, "KVM_SET_SREGS (long mode): %s", strerror(errno));
	return 0;
}

static int check_long_mode_sregs(struct vcpu *v)
{
	struct kvm_sregs sregs;

	if (ioctl(v->fd, KVM_GET_SREGS, &sregs) < 0)
		return fail(v, "KVM_GET_SREGS: %s", strerror(errno));
	if (!(sregs.efer & EFER_LMA) || !sregs.cs.l ||
	    !(sregs.cr0 & X86_CR0_PG))
		return fail(v, "not in 64-bit mode after the run: efer 0x%llx cs.l %u cr0 0x%llx",
			    (unsigned long long)sregs.efer, sregs.cs.l,
			    (unsigned long long)sregs.cr0);
	return 0;
}

static uint16_t rm_checksum(uint64_t data)
{
	uint16_t sum = 0;

	for (int i = 0; i < 64; i++)
		sum = (uint16_t)((sum << 3) | (sum >> 13)) ^
		      rd16(data + D_INPUT + 2 * i);
	return sum;
}

static uint64_t lm_checksum(uint64_t data)
{
	uint64_t sum = 0;

	for (int i = 0; i < 64; i++)
		sum = ((sum << 7) | (sum >> 57)) ^ rd64(data + D_INPUT + 8 * i);
	return sum;
}

static int test_real_mode(struct vcpu *v)
{
	uint64_t data = DATA_GPA(v->id), val;
	uint16_t want = rm_checksum(data);

	if (set_real_mode(v) || set_regs(v, RM_CODE_GPA, v->id, 0, 0, 0, 0))
		return -1;
	if (expect_out(v, PORT_RM_SUM, 2, &val) || expect_hlt(v))
		return -1;
	if (val != want)
		return fail(v, "port 0x%x got 0x%04" PRIx64 ", checksum is 0x%04x",
			    PORT_RM_SUM, val, want);
	if (rd16(data + D_RM_SUM) != want)
		return fail(v, "memory holds 0x%04x, checksum is 0x%04x",
			    rd16(data + D_RM_SUM), want);
	return 0;
}

static int test_mode_switch(struct vcpu *v)
{
	uint64_t data = DATA_GPA(v->id), val;
	uint64_t tag = 0x5a5a5a5a00000000ULL | (uint64_t)v->id;

	if (set_real_mode(v) || set_regs(v, MS_CODE_GPA, v->id, 0, 0, 0, 0))
		return -1;
	if (expect_out(v, PORT_MS, 4, &val) || expect_hlt(v))
		return -1;
	if ((val & (EFER_LME | EFER_LMA)) != (EFER_LME | EFER_LMA))
		return fail(v, "guest read EFER 0x%" PRIx64 ", LME|LMA not set", val);
	if (rd64(data + D_MS_EFER) != val)
		return fail(v, "memory EFER 0x%" PRIx64 " != port 0x%" PRIx64,
			    rd64(data + D_MS_EFER), val);
	if (rd64(data + D_MS_TAG) != tag)
		return fail(v, "64-bit tag 0x%" PRIx64 ", wanted 0x%" PRIx64,
			    rd64(data + D_MS_TAG), tag);
	return check_long_mode_sregs(v);
}

static int test_long_mode(struct vcpu *v)
{
	uint64_t data = DATA_GPA(v->id), lo, hi, wr, rdv;
	uint64_t want = lm_checksum(data);
	uint64_t answer = ~want ^ ((uint64_t)v->id << 48);
	uint64_t tag = 0xfeedface00000000ULL | (uint64_t)v->id;

	if (set_long_mode(v) ||
	    set_regs(v, LM_CODE_GPA, 0, v->id, data, nr_vcpus,
		     STACK_TOP(v->id)))
		return -1;
	if (expect_out(v, PORT_LM_LO, 4, &lo) ||
	    expect_out(v, PORT_LM_HI, 4, &hi) ||
	    expect_mmio(v, MMIO_GPA, 1, &wr) ||
	    expect_mmio(v, MMIO_GPA + 8, 0, &answer) ||
	    expect_out(v, PORT_RDV, 1, &rdv) ||
	    expect_hlt(v))
		return -1;
	v->rendezvous = rdv == 1;
	if ((hi << 32 | lo) != want)
		return fail(v, "ports 0x%x/0x%x got 0x%" PRIx64 ", checksum is 0x%" PRIx64,
			    PORT_LM_LO, PORT_LM_HI, hi << 32 | lo, want);
	if (wr != want)
		return fail(v, "MMIO write 0x%" PRIx64 ", checksum is 0x%" PRIx64,
			    wr, want);
	if (rd64(data + D_LM_SUM) != want)
		return fail(v, "memory holds 0x%" PRIx64 ", checksum is 0x%" PRIx64,
			    rd64(data + D_LM_SUM), want);
	if (rd64(data + D_LM_MMIO) != answer)
		return fail(v, "MMIO read stored 0x%" PRIx64 ", VMM answered 0x%" PRIx64,
			    rd64(data + D_LM_MMIO), answer);
	if (rd64(data + D_LM_TAG) != tag)
		return fail(v, "64-bit tag 0x%" PRIx64 ", wanted 0x%" PRIx64,
			    rd64(data + D_LM_TAG), tag);
	return check_long_mode_sregs(v);
}

static void *vcpu_thread(void *arg)
{
	static int (*const tests[NR_VCPU_TESTS])(struct vcpu *) = {
		[T_REAL] = test_real_mode,
		[T_SWITCH] = test_mode_switch,
		[T_LONG] = test_long_mode,
	};
	struct vcpu *v = arg;

	for (v->cur = 0; v->cur < NR_VCPU_TESTS; v->cur++)
		v->passed[v->cur] = tests[v->cur](v) == 0;
	return NULL;
}

static int create_vcpu(struct vcpu *v, int id)
{
	int size;

	v->id = id;
	v->fd = ioctl(vm_fd, KVM_CREATE_VCPU, id);
	if (v->fd < 0)
		return -1;
	if (ioctl(v->fd, KVM_SET_CPUID2, cpuid) < 0)
		return -1;
	size = ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (size < (int)sizeof(struct kvm_run))
		return -1;
	v->run_size = size;
	v->run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
	return v->run == MAP_FAILED ? -1 : 0;
}

/* Identity map the first GiB with 2 MiB pages; GDT for both 64-bit paths. */
static void build_tables(void)
{
	uint64_t *pml4 = (uint64_t *)(mem + PML4_GPA);
	uint64_t *pdpt = (uint64_t *)(mem + PDPT_GPA);
	uint64_t *pd = (uint64_t *)(mem + PD_GPA);
	uint64_t *gdt = (uint64_t *)(mem + GDT_GPA);

	pml4[0] = PDPT_GPA | 0x3;		/* present, writable */
	pdpt[0] = PD_GPA | 0x3;
	for (uint64_t i = 0; i < 512; i++)
		pd[i] = (i << 21) | 0x83;	/* present, writable, 2 MiB */
	gdt[0] = 0;
	gdt[1] = 0x00af9a000000ffffULL;		/* code: L=1, P, DPL0 */
	gdt[2] = 0x00cf92000000ffffULL;		/* data: flat, writable */
}

/* Deterministic per-vCPU input, different for every id and every word. */
static void fill_inputs(void)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL;

	for (int id = 0; id < nr_vcpus; id++)
		for (int i = 0; i < 64; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			memcpy(mem + DATA_GPA(id) + D_INPUT + 8 * i, &x, 8);
		}
}

static int get_cpuid(void)
{
	int nent = 64;

	for (;;) {
		cpuid = xmalloc(sizeof(*cpuid) +
				nent * sizeof(cpuid->entries[0]));
		cpuid->nent = nent;
		if (ioctl(kvm_fd, KVM_GET_SUPPORTED_CPUID, cpuid) == 0)
			break;
		free(cpuid);
		if (errno != E2BIG || nent > 4096)
			return -1;
		nent *= 2;
	}
	for (unsigned int i = 0; i < cpuid->nent; i++)
		if (cpuid->entries[i].function == 0x80000001)
			return cpuid->entries[i].edx & (1U << 29) ? 0 : -2;
	return -2;
}

static int tap_n;

static void ktap(int passed, const char *name, const char *fmt, ...)
{
	char why[512] = "";
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(why, sizeof(why), fmt, ap);
		va_end(ap);
	}
	if (!passed && why[0])
		printf("# %s: %s\n", name, why);
	printf("%s %d %s%s%s\n", passed ? "ok" : "not ok", ++tap_n, name,
	       passed && why[0] ? " # " : "", passed ? why : "");
	fflush(stdout);
}

static void on_alarm(int sig)
{
	static const char msg[] = "# kslim-vmm: timed out, a vCPU never came back\n";

	(void)sig;
	if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(1);
	_exit(1);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: kslim-vmm [-n VCPUS] [-t SECONDS] [-d DEVICE]\n"
		"  -n VCPUS    vCPUs (threads), 1..%d, default 2\n"
		"  -t SECONDS  give up after this long, default 60\n"
		"  -d DEVICE   KVM device, default /dev/kvm\n"
		"Prints KTAP; exit 0 all passed, 1 a test failed, 2 usage error\n",
		MAX_VCPUS);
}

int main(int argc, char **argv)
{
	const char *dev = "/dev/kvm";
	struct kvm_userspace_memory_region region;
	struct vcpu *vcpus;
	unsigned int timeout = 60;
	int opt, api, failed = 0, all_met = 1, r;

	while ((opt = getopt(argc, argv, "n:t:d:h")) != -1) {
		switch (opt) {
		case 'n':
			nr_vcpus = atoi(optarg);
			break;
		case 't':
			timeout = (unsigned int)atoi(optarg);
			break;
		case 'd':
			dev = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc || nr_vcpus < 1 || nr_vcpus > MAX_VCPUS) {
		usage(stderr);
		return 2;
	}
	signal(SIGALRM, on_alarm);
	alarm(timeout);

	printf("KTAP version 1\n1..%d\n", 5 + NR_VCPU_TESTS * nr_vcpus);
	kvm_fd = open(dev, O_RDWR | O_CLOEXEC);
	if (kvm_fd < 0) {
		ktap(0, "kvm_api_version", "cannot open '%s': %s", dev,
		     strerror(errno));
		return 1;
	}
	api = ioctl(kvm_fd, KVM_GET_API_VERSION, 0);
	ktap(api == KVM_API_VERSION, "kvm_api_version", "%d (want %d)", api,
	     KVM_API_VERSION);
	if (api != KVM_API_VERSION)
		return 1;

	r = get_cpuid();
	ktap(r == 0, "supported_cpuid_long_mode", r == -1 ?
	     "KVM_GET_SUPPORTED_CPUID: %s" : r ? "CPUID 0x80000001 EDX.LM missing%s" :
	     "%s", r == -1 ? strerror(errno) : "");
	if (r)
		return 1;

	mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	vm_fd = ioctl(kvm_fd, KVM_CREATE_VM, 0);
	region = (struct kvm_userspace_memory_region) {
		.slot = 0, .guest_phys_addr = 0, .memory_size = MEM_SIZE,
		.userspace_addr = (uintptr_t)mem,
	};
	r = mem == MAP_FAILED ? -1 : vm_fd < 0 ? -2 :
	    ioctl(vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0 ? -3 : 0;
	ktap(r == 0, "create_vm_and_memslot", r ? "%s: %s" : "%s%s",
	     r == -1 ? "mmap" : r == -2 ? "KVM_CREATE_VM" :
	     r == -3 ? "KVM_SET_USER_MEMORY_REGION" : "",
	     r ? strerror(errno) : "");
	if (r)
		return 1;

	build_tables();
	fill_inputs();
	memcpy(mem + RM_CODE_GPA, rm_start, rm_end - rm_start);
	memcpy(mem + LM_CODE_GPA, lm_start, lm_end - lm_start);
	memcpy(mem + MS_CODE_GPA, ms_start, ms_end - ms_start);

	vcpus = xmalloc(nr_vcpus * sizeof(*vcpus));
	for (int i = 0; i < nr_vcpus; i++) {
		if (create_vcpu(&vcpus[i], i)) {
			ktap(0, "create_vcpus", "vCPU %d: %s", i,
			     strerror(errno));
			return 1;
		}
	}
	for (int i = 0; i < nr_vcpus; i++) {
		r = pthread_create(&vcpus[i].thread, NULL, vcpu_thread,
				   &vcpus[i]);
		if (r) {
			ktap(0, "create_vcpus", "pthread_create: %s", strerror(r));
			return 1;
		}
	}
	ktap(1, "create_vcpus", "%d vCPUs, one thread each", nr_vcpus);

	for (int i = 0; i < nr_vcpus; i++)
		pthread_join(vcpus[i].thread, NULL);
	for (int i = 0; i < nr_vcpus; i++)
		for (int t = 0; t < NR_VCPU_TESTS; t++) {
			char name[64];

			snprintf(name, sizeof(name), "vcpu%d_%s", i, test_names[t]);
			ktap(vcpus[i].passed[t], name, "%s", vcpus[i].why[t]);
			failed |= !vcpus[i].passed[t];
		}
	for (int i = 0; i < nr_vcpus; i++)
		all_met &= vcpus[i].rendezvous;
	ktap(all_met, "vcpus_ran_concurrently", all_met ?
	     "%d vCPUs met inside the guest" : "a vCPU gave up after %d pause loops",
	     all_met ? nr_vcpus : SPIN_LIMIT);
	return failed || !all_met ? 1 : 0;
}

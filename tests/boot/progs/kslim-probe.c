// SPDX-License-Identifier: GPL-2.0
/*
 * kslim-probe.c - make the one system call a guest test needs, from the shell
 *
 * Usage: kslim-probe open PATH [ro]
 *        kslim-probe socket FAMILY TYPE [PROTOCOL]
 *        kslim-probe tap NAME | tap-del NAME
 *        kslim-probe vhost-net
 *        kslim-probe vfio
 *        kslim-probe packet IFNAME
 *        kslim-probe genl FAMILY [CMD]
 *        kslim-probe genl-dump FAMILY CMD ATTR
 *        kslim-probe ethtool-hold | ethtool-busy
 *        kslim-probe unix
 *        kslim-probe perf hw|sw|TYPE:CONFIG
 *        kslim-probe pty | openpt
 *        kslim-probe sockdiag
 *        kslim-probe init-fail N MODULE.ko
 *        kslim-probe aio | aio-none | aio-hold | aio-orphan | aio-busy
 *        kslim-probe syscalls N [getppid|io_getevents]
 *
 * Busybox covers mount, losetup and ip; these are the calls it cannot make:
 * opening a character device (misc devices are autoloaded on open; "ro"
 * opens it read-only, for drivers such as hpet that refuse writers),
 * creating a socket of a given family (net-pf-N autoload), the TUN, vhost
 * and VFIO ioctls, an AF_PACKET round trip over an interface, a
 * generic netlink request (resolving a family autoloads its module; CMD, if
 * given, is then sent with an empty nested attribute 1, the request header of
 * ethtool and other recent families, and must be answered; genl-dump sends
 * CMD as a dump and prints the u32 attribute ATTR of each message), an AF_UNIX
 * round trip passing a descriptor (SCM_RIGHTS) and the sender's pidfd
 * (SCM_PIDFD), and a perf counter on the calling thread (hw: CPU cycles from
 * the "cpu" PMU, sw: task clock, TYPE:CONFIG: event CONFIG of the PMU whose
 * sysfs "type" is TYPE, counting user and kernel) that must count, and a
 * Unix98 pty round trip: /dev/ptmx, unlock, the slave opened with
 * TIOCGPTPEER and checked against /dev/pts/N, a line written to the master
 * read back on the slave (openpt: the same through the C library's
 * posix_openpt(), grantpt(), unlockpt() and ptsname()), and a
 * NETLINK_SOCK_DIAG round trip: a listening AF_UNIX socket of ours must be
 * in a dump of AF_UNIX sockets with the cookie SO_COOKIE gives it, and a
 * member of the TCP destroy group must hear of a TCP socket we close.
 *
 * For unloading under load: ethtool-hold starts a dump of the ethtool
 * string sets (features only: one message of about 2.5 KiB per interface,
 * so each is a part of its own), reads the first part and stops, with a
 * receive buffer too small for netlink to prepare more than the next part;
 * it prints "held" when the dump is paused (the family's module is pinned
 * until the dump ends), reads its standard input to the end, then the rest
 * of the dump, and prints "IFINDEX COUNT" for every message.
 * ethtool-busy repeats a family lookup, a STRSET_GET request and a
 * LINKINFO_GET dump until SIGTERM or SIGINT, then prints what was
 * answered and what was refused: a request may find the family gone
 * (ENOENT, EOPNOTSUPP), or a dump its module on the way out
 * (EPROTONOSUPPORT), but any other error, or no answer in 10 s, fails.
 *
 * aio sets up an AIO context of 64 events (fs.aio-nr must count them and
 * give them back), reads a file of ours through it and destroys it;
 * aio-none expects io_setup() to fail with ENOSYS (no AIO in the kernel,
 * or its module cannot load).  For unloading under load: aio-hold keeps a
 * context until its input ends, prints "held", then reads through it;
 * aio-orphan leaves a child with the inherited mapping of a destroyed
 * context's ring ("held" once the parent destroyed it), which it moves
 * (mremap() must refuse) and unmaps when its input ends, the parent
 * exiting with the child's status; aio-busy sets up, uses and destroys contexts until SIGTERM,
 * io_setup() may be refused with EAGAIN or ENOSYS while the module is away.
 *
 * init-fail loads MODULE.ko with init_module() while the N-th fault
 * injection site of this thread fails (/proc/thread-self/fail-nth, opened
 * before and read back after the call, so that only the load counts), and
 * prints "injected" or "not-injected", then "loaded" or the error.
 *
 * Exit codes: 0 the call(s) succeeded, 1 one failed (errno printed),
 * 2 usage error.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* posix_openpt() and friends */
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <linux/aio_abi.h>
#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/perf_event.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <linux/vfio.h>
#include <linux/vhost.h>

static const char *me = "kslim-probe";

static int die_errno(const char *what, const char *subject)
{
	fprintf(stderr, "%s: error: %s '%s': %s\n", me, what, subject,
		strerror(errno));
	return 1;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: %s open PATH [ro]\n"
		"       %s socket FAMILY TYPE [PROTOCOL]\n"
		"       %s tap NAME | tap-del NAME\n"
		"       %s vhost-net | vfio | packet IFNAME\n"
		"       %s genl FAMILY [CMD] | genl-dump FAMILY CMD ATTR\n"
		"       %s ethtool-hold | ethtool-busy\n"
		"       %s unix | perf hw|sw|TYPE:CONFIG | pty | openpt | sockdiag\n"
		"       %s init-fail N MODULE.ko\n"
		"       %s aio | aio-none | aio-hold | aio-orphan | aio-busy\n"
		"       %s syscalls N [getppid|io_getevents]\n",
		me, me, me, me, me, me, me, me, me, me);
	return 2;
}

static int do_open(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);

	if (fd < 0)
		return die_errno("cannot open", path);
	close(fd);
	return 0;
}

static int do_socket(const char *family, const char *type, const char *proto)
{
	int fd = socket(atoi(family), atoi(type), proto ? atoi(proto) : 0);

	if (fd < 0)
		return die_errno("cannot create socket of family", family);
	close(fd);
	return 0;
}

/* A persistent TAP device survives the close: the test can look at sysfs. */
static int do_tap(const char *name, int persist)
{
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return die_errno("cannot open", "/dev/net/tun");
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0)
		return die_errno("TUNSETIFF failed for", name);
	if (ioctl(fd, TUNSETPERSIST, persist) < 0)
		return die_errno("TUNSETPERSIST failed for", name);
	close(fd);
	return 0;
}

static int do_vhost_net(void)
{
	unsigned long long features;
	int fd = open("/dev/vhost-net", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return die_errno("cannot open", "/dev/vhost-net");
	if (ioctl(fd, VHOST_SET_OWNER) < 0)
		return die_errno("VHOST_SET_OWNER failed on", "/dev/vhost-net");
	if (ioctl(fd, VHOST_GET_FEATURES, &features) < 0)
		return die_errno("VHOST_GET_FEATURES failed on", "/dev/vhost-net");
	/* VIRTIO_F_VERSION_1 (32): every modern vhost-net offers it */
	if (!(features & (1ULL << 32))) {
		fprintf(stderr, "%s: error: vhost-net features 0x%llx lack VERSION_1\n",
			me, features);
		return 1;
	}
	printf("vhost-net features 0x%llx\n", features);
	close(fd);
	return 0;
}

static int do_vfio(void)
{
	int fd = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC), v;

	if (fd < 0)
		return die_errno("cannot open", "/dev/vfio/vfio");
	v = ioctl(fd, VFIO_GET_API_VERSION);
	if (v != VFIO_API_VERSION) {
		fprintf(stderr, "%s: error: VFIO API version %d, want %d\n", me,
			v, VFIO_API_VERSION);
		return 1;
	}
	v = ioctl(fd, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU);
	printf("vfio api %d type1v2 %d\n", VFIO_API_VERSION, v);
	close(fd);
	return 0;
}

/* Send a frame with a private EtherType on IFNAME and read it back. */
static int do_packet(const char *ifname)
{
	static const unsigned short proto = 0x88b5;	/* IEEE local experimental */
	unsigned char frame[64], buf[2048];
	struct sockaddr_ll sll;
	struct timeval tv = { .tv_sec = 2 };
	int fd, i;

	fd = socket(AF_PACKET, SOCK_RAW, htons(proto));
	if (fd < 0)
		return die_errno("cannot create AF_PACKET socket on", ifname);
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(proto);
	sll.sll_ifindex = (int)if_nametoindex(ifname);
	if (!sll.sll_ifindex)
		return die_errno("no interface", ifname);
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		return die_errno("cannot bind AF_PACKET socket to", ifname);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));

	memset(frame, 0, sizeof(frame));
	memset(frame, 0xff, 6);			/* broadcast destination */
	frame[6] = 0x02;			/* locally administered source */
	frame[12] = proto >> 8;
	frame[13] = proto & 0xff;
	memcpy(frame + 14, "kslim-probe", 11);
	sll.sll_halen = 6;
	memset(sll.sll_addr, 0xff, 6);
	if (sendto(fd, frame, sizeof(frame), 0, (struct sockaddr *)&sll,
		   sizeof(sll)) != (ssize_t)sizeof(frame))
		return die_errno("cannot send on", ifname);
	for (i = 0; i < 4; i++) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		if (n < 0)
			return die_errno("nothing received on", ifname);
		if (n >= 25 && !memcmp(buf + 14, "kslim-probe", 11))
			return close(fd), 0;
	}
	fprintf(stderr, "%s: error: our frame never came back on '%s'\n", me,
		ifname);
	return 1;
}

/* One generic netlink request; returns the reply's length, or -1 */
static int genl_request(int fd, unsigned short type, unsigned char cmd,
			const char *name, char *buf, size_t size)
{
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
		char attrs[64];
	} req = { 0 };
	struct nlattr *a = (struct nlattr *)req.attrs;
	size_t len = name ? strlen(name) + 1 : 0;

	if (len > sizeof(req.attrs) - NLA_HDRLEN) {
		errno = ENAMETOOLONG;
		return -1;
	}
	req.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	req.n.nlmsg_type = type;
	/* No NLM_F_ACK: a successful doit answers with its reply only */
	req.n.nlmsg_flags = NLM_F_REQUEST;
	req.g.cmd = cmd;
	req.g.version = 1;
	if (name) {
		a->nla_type = CTRL_ATTR_FAMILY_NAME;
		a->nla_len = NLA_HDRLEN + len;
		memcpy(req.attrs + NLA_HDRLEN, name, len);
	} else {
		/* an empty request header: ask about no device in particular */
		a->nla_type = NLA_F_NESTED | 1;
		a->nla_len = NLA_HDRLEN;
	}
	req.n.nlmsg_len += NLA_ALIGN(a->nla_len);
	if (send(fd, &req, req.n.nlmsg_len, 0) < 0)
		return -1;
	return recv(fd, buf, size, 0);
}

/* The reply must be a message, not an error: returns it or NULL */
static struct nlmsghdr *genl_reply(char *buf, int len)
{
	struct nlmsghdr *n = (struct nlmsghdr *)buf;

	if (len < 0 || !NLMSG_OK(n, (unsigned int)len))
		return NULL;
	if (n->nlmsg_type == NLMSG_ERROR) {
		struct nlmsgerr *e = NLMSG_DATA(n);

		errno = e->error ? -e->error : EPROTO;
		return NULL;
	}
	return n;
}

/*
 * The first attribute of TYPE (flags masked off) among the LEN bytes of
 * attributes at DATA whose payload holds at least SIZE bytes, or NULL.
 */
static const struct nlattr *nla_find(const void *data, int len, int type,
				     size_t size)
{
	const struct nlattr *a = data;

	for (; len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= len;
	     len -= NLA_ALIGN(a->nla_len),
	     a = (const struct nlattr *)((const char *)a + NLA_ALIGN(a->nla_len)))
		if ((a->nla_type & NLA_TYPE_MASK) == type &&
		    a->nla_len >= NLA_HDRLEN + size)
			return a;
	return NULL;
}

/*
 * The data of the attribute of generic netlink message N found by
 * following the DEPTH attribute types of PATH (outermost first, each but
 * the last a nest), if it holds at least SIZE bytes; NULL otherwise.
 */
static const void *genl_attr_path(const struct nlmsghdr *n, const int *path,
				  int depth, size_t size)
{
	const void *data = (const char *)NLMSG_DATA(n) + GENL_HDRLEN;
	int len = n->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	const struct nlattr *a = NULL;
	int i;

	for (i = 0; i < depth; i++) {
		a = nla_find(data, len, path[i], i < depth - 1 ? 0 : size);
		if (!a)
			return NULL;
		data = (const char *)a + NLA_HDRLEN;
		len = a->nla_len - NLA_HDRLEN;
	}
	return a ? data : NULL;
}

/* The data of N's first top-level attribute of TYPE, at least SIZE bytes */
static const void *genl_attr(const struct nlmsghdr *n, int type, size_t size)
{
	return genl_attr_path(n, &type, 1, size);
}

/*
 * A generic netlink socket with FAMILY resolved (which autoloads its
 * module): the socket, *id set, or -1 after saying why.
 */
static int genl_open(const char *family, unsigned short *id, char *buf,
		     size_t size)
{
	struct nlmsghdr *n;
	const void *v;
	int fd, len;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return die_errno("cannot create netlink socket for", family), -1;
	len = genl_request(fd, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, family,
			   buf, size);
	n = genl_reply(buf, len);
	if (!n)
		return die_errno("cannot resolve generic netlink family",
				 family), -1;
	v = genl_attr(n, CTRL_ATTR_FAMILY_ID, sizeof(*id));
	if (v)
		memcpy(id, v, sizeof(*id));
	if (!v || !*id) {
		errno = EPROTO;
		return die_errno("no family id in the reply for", family), -1;
	}
	return fd;
}

/*
 * Reads one part of a dump from FD into BUF (recv() FLAGS: MSG_PEEK
 * leaves it queued) and calls EACH, if not NULL, on every message before
 * NLMSG_DONE.  Returns 1 after NLMSG_DONE, 0 when the dump goes on, -1
 * with errno set on an error, an error message or a part larger than
 * SIZE (EMSGSIZE).  The size asked for matters: netlink makes the next
 * parts of a dump as large as the largest read so far (at most 32 KiB).
 */
static int nl_part(int fd, char *buf, size_t size, int flags,
		   void (*each)(const struct nlmsghdr *n, void *arg), void *arg)
{
	struct nlmsghdr *n = (struct nlmsghdr *)buf;
	int len = recv(fd, buf, size, flags | MSG_TRUNC);

	if (len < 0)
		return -1;
	if ((size_t)len > size) {
		errno = EMSGSIZE;
		return -1;
	}
	for (; NLMSG_OK(n, (unsigned int)len); n = NLMSG_NEXT(n, len)) {
		int err = 0;

		if (n->nlmsg_type == NLMSG_DONE) {
			/* a dump that failed half-way ends with the error */
			if (n->nlmsg_len >= NLMSG_LENGTH(sizeof(err)))
				memcpy(&err, NLMSG_DATA(n), sizeof(err));
			if (err < 0) {
				errno = -err;
				return -1;
			}
			return 1;
		}
		if (!genl_reply((char *)n, n->nlmsg_len))
			return -1;
		if (each)
			each(n, arg);
	}
	return 0;
}

/*
 * Reads the dump answering a request sent on fd, calling EACH on every
 * message until NLMSG_DONE: 0, or 1 after saying why (WHAT names it).
 */
static int nl_dump(int fd, const char *what,
		   void (*each)(const struct nlmsghdr *n, void *arg), void *arg)
{
	static char buf[65536];
	int rc;

	do
		rc = nl_part(fd, buf, sizeof(buf), 0, each, arg);
	while (!rc);
	if (rc < 0)
		return die_errno("cannot read the dump of", what);
	return 0;
}

static int do_genl(const char *family, const char *cmd)
{
	static char buf[65536];
	unsigned short id;
	int fd, len;

	fd = genl_open(family, &id, buf, sizeof(buf));
	if (fd < 0)
		return 1;
	if (cmd) {
		len = genl_request(fd, id, atoi(cmd), NULL, buf, sizeof(buf));
		if (!genl_reply(buf, len))
			return die_errno("request failed in family", family);
	}
	printf("%s: id %u\n", family, id);
	close(fd);
	return 0;
}

/* Prints the u32 attribute *(int *)arg of a dump message, if it has one */
static void print_u32_attr(const struct nlmsghdr *n, void *arg)
{
	const void *v = genl_attr(n, *(int *)arg, sizeof(unsigned int));
	unsigned int u;

	if (v) {
		memcpy(&u, v, sizeof(u));
		printf("%u\n", u);
	}
}

/*
 * A dump of CMD in FAMILY, without attributes: prints the u32 value of
 * the top-level attribute ATTR of every message of the dump, one a line.
 */
static int do_genl_dump(const char *family, const char *cmd, const char *attr)
{
	static char buf[65536];
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
	} req = { 0 };
	unsigned short id;
	int fd, rc, want = atoi(attr);

	fd = genl_open(family, &id, buf, sizeof(buf));
	if (fd < 0)
		return 1;
	req.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	req.n.nlmsg_type = id;
	req.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.g.cmd = atoi(cmd);
	req.g.version = 1;
	if (send(fd, &req, req.n.nlmsg_len, 0) < 0)
		return die_errno("cannot send a dump request to", family);
	rc = nl_dump(fd, family, print_u32_attr, &want);
	close(fd);
	return rc;
}

/*
 * A request for CMD in generic netlink family ID, as a dump if DUMP,
 * with the LEN bytes of attributes at ATTRS.
 */
static int genl_send(int fd, unsigned short id, unsigned char cmd, int dump,
		     const void *attrs, size_t len)
{
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
		char attrs[64];
	} req = { 0 };

	if (len > sizeof(req.attrs)) {
		errno = EMSGSIZE;
		return -1;
	}
	req.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) + len;
	req.n.nlmsg_type = id;
	req.n.nlmsg_flags = NLM_F_REQUEST | (dump ? NLM_F_DUMP : 0);
	req.g.cmd = cmd;
	req.g.version = 1;
	memcpy(req.attrs, attrs, len);
	return send(fd, &req, req.n.nlmsg_len, 0) < 0 ? -1 : 0;
}

/* Appends attribute TYPE with LEN bytes of DATA at *POS, returns its start */
static struct nlattr *nla_put(char **pos, int type, const void *data,
			      size_t len)
{
	struct nlattr *a = (struct nlattr *)*pos;

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy(*pos + NLA_HDRLEN, data, len);
	*pos += NLA_ALIGN(a->nla_len);
	return a;
}

/*
 * The attributes of a STRSET_GET request for the features string set
 * only: STRINGSETS { STRINGSET { ID = ETH_SS_FEATURES } }.  Returns
 * their length.  A request that names a global set gets it in the
 * reply for every interface: about 2.5 KiB of feature names per
 * message, so that two never share a part of the dump.
 */
static size_t strset_features_attrs(char *buf)
{
	unsigned int set = ETH_SS_FEATURES;
	struct nlattr *sets, *one;
	char *pos = buf;

	sets = nla_put(&pos, NLA_F_NESTED | ETHTOOL_A_STRSET_STRINGSETS,
		       NULL, 0);
	one = nla_put(&pos, NLA_F_NESTED | ETHTOOL_A_STRINGSETS_STRINGSET,
		      NULL, 0);
	nla_put(&pos, ETHTOOL_A_STRINGSET_ID, &set, sizeof(set));
	one->nla_len = pos - (char *)one;
	sets->nla_len = pos - (char *)sets;
	return pos - buf;
}

struct strset_seen {
	unsigned int messages;
};

/* Prints "IFINDEX COUNT" for one message of a STRSET_GET dump */
static void print_strset(const struct nlmsghdr *n, void *arg)
{
	static const int ifindex[] = {
		ETHTOOL_A_STRSET_HEADER, ETHTOOL_A_HEADER_DEV_INDEX,
	};
	static const int count[] = {
		ETHTOOL_A_STRSET_STRINGSETS, ETHTOOL_A_STRINGSETS_STRINGSET,
		ETHTOOL_A_STRINGSET_COUNT,
	};
	const void *i = genl_attr_path(n, ifindex, 2, sizeof(unsigned int));
	const void *c = genl_attr_path(n, count, 3, sizeof(unsigned int));
	struct strset_seen *seen = arg;
	unsigned int u = 0, v = 0;

	if (i)
		memcpy(&u, i, sizeof(u));
	if (c)
		memcpy(&v, c, sizeof(v));
	printf("%u %u\n", u, v);
	seen->messages++;
}

/*
 * Pause a dump of the ethtool family half-way; see the top of the file.
 * The receive buffer is the smallest the socket takes (SOCK_MIN_RCVBUF,
 * 4.5 KiB): netlink prepares the next part of a dump only while the
 * queued data are below half of it, and each part is larger than that.
 */
static int do_ethtool_hold(void)
{
	static char big[65536];
	char buf[4096], attrs[64], c;
	struct strset_seen seen = { 0 };
	unsigned short id;
	int fd, rc, one = 1;
	size_t len;

	fd = genl_open(ETHTOOL_GENL_NAME, &id, big, sizeof(big));
	if (fd < 0)
		return 1;
	close(fd);
	/* a socket of its own: the lookup's read raised the part size */
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &one, sizeof(one)))
		return die_errno("cannot set up a netlink socket for",
				 ETHTOOL_GENL_NAME);
	len = strset_features_attrs(attrs);
	if (genl_send(fd, id, ETHTOOL_MSG_STRSET_GET, 1, attrs, len))
		return die_errno("cannot send a dump request to",
				 ETHTOOL_GENL_NAME);
	rc = nl_part(fd, buf, sizeof(buf), 0, print_strset, &seen);
	if (rc < 0)
		return die_errno("cannot read the first part of the dump of",
				 "STRSET_GET");
	if (!rc)
		rc = nl_part(fd, buf, sizeof(buf), MSG_PEEK, NULL, NULL);
	if (rc < 0)
		return die_errno("cannot peek at the second part of the dump of",
				 "STRSET_GET");
	if (rc) {
		fprintf(stderr, "%s: error: the STRSET_GET dump ends in its first two parts: too few interfaces to hold it (3 needed)\n",
			me);
		return 1;
	}
	printf("held after %u messages\n", seen.messages);
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	do
		rc = nl_part(fd, buf, sizeof(buf), 0, print_strset, &seen);
	while (!rc);
	if (rc < 0)
		return die_errno("cannot read the rest of the dump of",
				 "STRSET_GET");
	printf("done after %u messages\n", seen.messages);
	close(fd);
	return 0;
}

static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

/* SIGTERM and SIGINT end the loop: without SA_RESTART, a wait returns */
static void stop_on_signals(void)
{
	struct sigaction sa = { .sa_handler = on_stop };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

/* What the requests of a busy loop got */
struct busy {
	const char *what;
	unsigned long answered;
	unsigned long enoent, eopnotsupp, eprotonosupport;
};

/*
 * Counts a refusal in B, if errno is one a request may get while the
 * module comes and goes; 0 counted, 1 after saying why it is not one.
 * A timeout is a hang: the kernel neither answered nor refused.
 */
static int busy_refused(struct busy *b, const char *step)
{
	switch (errno) {
	case ENOENT:
		b->enoent++;
		break;
	case EOPNOTSUPP:
		b->eopnotsupp++;
		break;
	case EPROTONOSUPPORT:
		/* a dump of a module on its way out: netlink_dump_start() */
		b->eprotonosupport++;
		break;
	case EAGAIN:
		fprintf(stderr, "%s: error: %s: %s: no answer in 10 s\n", me,
			b->what, step);
		return 1;
	default:
		fprintf(stderr, "%s: error: %s: %s: %s\n", me, b->what, step,
			strerror(errno));
		return 1;
	}
	/* the module is away: leave the CPU to the one loading it again */
	usleep(1000);
	return 0;
}

static int busy_report(const struct busy *b, int rc)
{
	printf("%s: %lu answered, refused: %lu ENOENT, %lu EOPNOTSUPP, %lu EPROTONOSUPPORT\n",
	       b->what, b->answered, b->enoent, b->eopnotsupp,
	       b->eprotonosupport);
	if (!rc && !b->answered) {
		fprintf(stderr, "%s: error: %s: no request was answered\n", me,
			b->what);
		rc = 1;
	}
	return rc;
}

/* Every message of an ethtool reply must come from the ethtool family */
static void check_family(const struct nlmsghdr *n, void *arg)
{
	if (n->nlmsg_type != *(unsigned short *)arg)
		*(unsigned short *)arg = 0;
}

/*
 * One round of ethtool-busy: look the family up, send STRSET_GET for the
 * global string sets, dump LINKINFO_GET.  0 answered or refused (counted
 * in B), 1 after saying why neither, -1 interrupted by the stop signal.
 */
static int ethtool_round(struct busy *b, char *buf, size_t size)
{
	struct timeval tv = { .tv_sec = 10 };
	char hdr[NLA_HDRLEN];
	unsigned short id, seen;
	struct nlmsghdr *n;
	const void *v;
	char *pos = hdr;
	int fd, len, rc;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)))
		return die_errno("cannot set up a netlink socket for", b->what);
	rc = 0;
	len = genl_request(fd, GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
			   ETHTOOL_GENL_NAME, buf, size);
	n = genl_reply(buf, len);
	if (!n) {
		rc = stop && errno == EINTR ? -1 : busy_refused(b, "lookup");
		goto out_close;
	}
	v = genl_attr(n, CTRL_ATTR_FAMILY_ID, sizeof(id));
	if (!v) {
		fprintf(stderr, "%s: error: %s: no family id\n", me, b->what);
		rc = 1;
		goto out_close;
	}
	memcpy(&id, v, sizeof(id));

	len = genl_request(fd, id, ETHTOOL_MSG_STRSET_GET, NULL, buf, size);
	n = genl_reply(buf, len);
	if (!n) {
		rc = stop && errno == EINTR ? -1 : busy_refused(b, "STRSET_GET");
		goto out_close;
	}
	if (n->nlmsg_type != id) {
		fprintf(stderr, "%s: error: %s: STRSET_GET answered by family %u, not %u\n",
			me, b->what, n->nlmsg_type, id);
		rc = 1;
		goto out_close;
	}
	b->answered++;

	/* an empty request header: every interface */
	nla_put(&pos, NLA_F_NESTED | ETHTOOL_A_LINKINFO_HEADER, NULL, 0);
	if (genl_send(fd, id, ETHTOOL_MSG_LINKINFO_GET, 1, hdr, sizeof(hdr)))
		return die_errno("cannot send a dump request to", b->what);
	seen = id;
	do
		len = nl_part(fd, buf, size, 0, check_family, &seen);
	while (!len && seen);
	if (!seen) {
		fprintf(stderr, "%s: error: %s: a LINKINFO_GET dump message from another family\n",
			me, b->what);
		rc = 1;
	} else if (len < 0) {
		rc = stop && errno == EINTR ? -1 : busy_refused(b, "LINKINFO_GET dump");
	} else {
		b->answered++;
	}
out_close:
	close(fd);
	return rc;
}

static int do_ethtool_busy(void)
{
	static char buf[65536];
	struct busy b = { .what = "ethtool-busy" };
	int rc = 0;

	stop_on_signals();
	while (!stop && !rc)
		rc = ethtool_round(&b, buf, sizeof(buf));
	return busy_report(&b, rc > 0);
}

#ifndef SO_PASSPIDFD
#define SO_PASSPIDFD	76	/* Linux 6.5, asm-generic/socket.h */
#endif
#ifndef SCM_PIDFD
#define SCM_PIDFD	0x04	/* Linux 6.5, linux/socket.h */
#endif

/*
 * Send one of a socketpair's own descriptors over it: an in-flight AF_UNIX
 * socket is what the af_unix garbage collector tracks.  The receiver asks
 * for the sender's pidfd as well.
 */
static int do_unix(void)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int)) * 2];
	} ctl;
	struct iovec iov;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;
	int sv[2], one = 1, got_fd = -1, got_pidfd = -1;
	char byte = 'k';

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return die_errno("cannot create", "socketpair(AF_UNIX)");
	if (setsockopt(sv[1], SOL_SOCKET, SO_PASSPIDFD, &one, sizeof(one)))
		return die_errno("cannot set", "SO_PASSPIDFD");
	iov.iov_base = &byte;
	iov.iov_len = 1;
	memset(&ctl, 0, sizeof(ctl));
	msg.msg_control = ctl.buf;
	msg.msg_controllen = CMSG_SPACE(sizeof(int));
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &sv[0], sizeof(int));
	if (sendmsg(sv[0], &msg, 0) != 1)
		return die_errno("cannot send", "SCM_RIGHTS");
	memset(&ctl, 0, sizeof(ctl));
	msg.msg_control = ctl.buf;
	msg.msg_controllen = sizeof(ctl.buf);
	if (recvmsg(sv[1], &msg, MSG_CMSG_CLOEXEC) != 1)
		return die_errno("cannot receive", "SCM_RIGHTS");
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level != SOL_SOCKET)
			continue;
		if (c->cmsg_type == SCM_RIGHTS)
			memcpy(&got_fd, CMSG_DATA(c), sizeof(int));
		else if (c->cmsg_type == SCM_PIDFD)
			memcpy(&got_pidfd, CMSG_DATA(c), sizeof(int));
	}
	if (got_fd < 0 || got_pidfd < 0) {
		fprintf(stderr, "%s: error: %s missing from the AF_UNIX message\n",
			me, got_fd < 0 ? "SCM_RIGHTS" : "SCM_PIDFD");
		return 1;
	}
	close(got_fd);
	close(got_pidfd);
	close(sv[0]);
	close(sv[1]);
	return 0;
}

/*
 * The event KIND names (see the top of the file) in *ATTR, disabled:
 * 0, or -1 if KIND is none of them.
 */
static int perf_attr(const char *kind, struct perf_event_attr *attr)
{
	memset(attr, 0, sizeof(*attr));
	attr->size = sizeof(*attr);
	attr->disabled = 1;
	attr->exclude_kernel = 1;
	attr->exclude_hv = 1;
	if (!strcmp(kind, "hw")) {
		attr->type = PERF_TYPE_HARDWARE;
		attr->config = PERF_COUNT_HW_CPU_CYCLES;
	} else if (!strcmp(kind, "sw")) {
		attr->type = PERF_TYPE_SOFTWARE;
		attr->config = PERF_COUNT_SW_TASK_CLOCK;
	} else if (sscanf(kind, "%u:%llu", &attr->type,
			  (unsigned long long *)&attr->config) == 2) {
		/* Free-running PMUs such as msr refuse exclude_*. */
		attr->exclude_kernel = 0;
		attr->exclude_hv = 0;
	} else {
		return -1;
	}
	return 0;
}

/* An event on the calling thread, any CPU; the descriptor or -1 */
static int perf_open(struct perf_event_attr *attr)
{
	return syscall(SYS_perf_event_open, attr, 0, -1, -1,
		       PERF_FLAG_FD_CLOEXEC);
}

/* Disables event FD and checks that it counted: 0, or 1 after saying why */
static int perf_counted(int fd, const char *kind)
{
	long long count = 0;

	if (ioctl(fd, PERF_EVENT_IOC_DISABLE, 0) < 0)
		return die_errno("cannot disable perf event", kind);
	if (read(fd, &count, sizeof(count)) != sizeof(count))
		return die_errno("cannot read perf event", kind);
	if (count <= 0) {
		fprintf(stderr, "%s: error: perf event '%s' did not count\n",
			me, kind);
		return 1;
	}
	return 0;
}

static void spin(void)
{
	volatile unsigned long i;

	for (i = 0; i < 10000000; i++)
		;
}

static int do_perf(const char *kind)
{
	struct perf_event_attr attr;
	int fd, rc;

	if (perf_attr(kind, &attr))
		return usage();
	fd = perf_open(&attr);
	if (fd < 0)
		return die_errno("cannot open perf event", kind);
	if (ioctl(fd, PERF_EVENT_IOC_ENABLE, 0) < 0)
		return die_errno("cannot enable perf event", kind);
	spin();
	rc = perf_counted(fd, kind);
	close(fd);
	return rc;
}

struct unix_ino {
	unsigned long ino;
	int found;
	unsigned long long cookie;
};

static void match_unix_ino(const struct nlmsghdr *n, void *arg)
{
	const struct unix_diag_msg *m = NLMSG_DATA(n);
	struct unix_ino *u = arg;

	if (m->udiag_ino == u->ino) {
		u->found = 1;
		u->cookie = m->udiag_cookie[0] |
			    (unsigned long long)m->udiag_cookie[1] << 32;
	}
}

/*
 * A dump of all AF_UNIX sockets: 0 if the one with inode INO is in it
 * (*COOKIE set to the cookie the dump gives it), -1 if not, 1 after an
 * error.
 */
static int sockdiag_unix_has(int nl, unsigned long ino,
			     unsigned long long *cookie)
{
	struct {
		struct nlmsghdr n;
		struct unix_diag_req r;
	} req = { 0 };
	struct unix_ino u = { .ino = ino };

	req.n.nlmsg_len = sizeof(req);
	req.n.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.r.sdiag_family = AF_UNIX;
	req.r.udiag_states = ~0U;
	if (send(nl, &req, sizeof(req), 0) < 0)
		return die_errno("cannot send a dump request on", "sock_diag");
	if (nl_dump(nl, "sock_diag AF_UNIX sockets", match_unix_ino, &u))
		return 1;
	*cookie = u.cookie;
	return u.found ? 0 : -1;
}

/* Waits up to 5 s for the destroy broadcast of the TCP socket on PORT */
static int sockdiag_heard_destroy(int g, unsigned short port)
{
	static char buf[65536];
	struct pollfd pfd = { .fd = g, .events = POLLIN };

	while (poll(&pfd, 1, 5000) == 1) {
		struct nlmsghdr *n = (struct nlmsghdr *)buf;
		int len = recv(g, buf, sizeof(buf), 0);

		if (len < 0)
			return die_errno("cannot read the destroy group of",
					 "sock_diag");
		for (; NLMSG_OK(n, (unsigned int)len); n = NLMSG_NEXT(n, len)) {
			struct inet_diag_msg *r = NLMSG_DATA(n);

			if (n->nlmsg_type == SOCK_DIAG_BY_FAMILY &&
			    r->idiag_family == AF_INET &&
			    ntohs(r->id.idiag_sport) == port)
				return 0;
			fprintf(stderr, "%s: heard type %u family %u port %u state %u\n",
				me, n->nlmsg_type, r->idiag_family,
				ntohs(r->id.idiag_sport), r->idiag_state);
		}
	}
	return -1;
}

static int do_sockdiag(void)
{
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	struct sockaddr_in in = { .sin_family = AF_INET };
	struct sockaddr_nl snl = { .nl_family = AF_NETLINK };
	unsigned long long cookie = 0, own = 0;
	socklen_t inlen = sizeof(in), ownlen = sizeof(own);
	int u, nl, g, t, grp = SKNLGRP_INET_TCP_DESTROY, rc;
	struct stat st;

	/* an abstract name: nothing to clean up in the file system */
	snprintf(un.sun_path + 1, sizeof(un.sun_path) - 1, "kslim-probe-%d",
		 (int)getpid());
	u = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (u < 0 || bind(u, (struct sockaddr *)&un, sizeof(un)) ||
	    listen(u, 1) || fstat(u, &st))
		return die_errno("cannot set up a listening socket in", "AF_UNIX");
	nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (nl < 0)
		return die_errno("cannot create a netlink socket for", "sock_diag");
	rc = sockdiag_unix_has(nl, st.st_ino, &cookie);
	if (rc > 0)
		return rc;
	if (rc < 0) {
		fprintf(stderr, "%s: error: our AF_UNIX socket (inode %lu) is not in the sock_diag dump\n",
			me, (unsigned long)st.st_ino);
		return 1;
	}
	/* sock_diag and SO_COOKIE must draw on the one cookie generator */
	if (getsockopt(u, SOL_SOCKET, SO_COOKIE, &own, &ownlen))
		return die_errno("cannot get", "SO_COOKIE");
	if (!own || own != cookie) {
		fprintf(stderr, "%s: error: our AF_UNIX socket has cookie %llu in the sock_diag dump, %llu from SO_COOKIE\n",
			me, cookie, own);
		return 1;
	}

	/*
	 * Bound, so that it has a port id: a broadcast from the kernel
	 * (port id 0) skips the sockets whose port id is 0, taking them
	 * for the sender.
	 */
	g = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (g < 0 || bind(g, (struct sockaddr *)&snl, sizeof(snl)) ||
	    setsockopt(g, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &grp, sizeof(grp)))
		return die_errno("cannot join the TCP destroy group of", "sock_diag");
	t = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (t < 0 || bind(t, (struct sockaddr *)&in, sizeof(in)) ||
	    getsockname(t, (struct sockaddr *)&in, &inlen))
		return die_errno("cannot bind a socket in", "AF_INET");
	close(t);
	if (sockdiag_heard_destroy(g, ntohs(in.sin_port))) {
		fprintf(stderr, "%s: error: no destroy broadcast for our TCP socket (port %u)\n",
			me, ntohs(in.sin_port));
		return 1;
	}
	close(g);
	close(nl);
	close(u);
	return 0;
}

/* A line written to the master must come out of the slave at PATH. */
static int pty_echo(int master, int slave, const char *path)
{
	char buf[16];
	ssize_t got;

	if (write(master, "kslim\n", 6) != 6)
		return die_errno("cannot write to", "/dev/ptmx");
	got = read(slave, buf, sizeof(buf));
	if (got < 5 || memcmp(buf, "kslim", 5)) {
		fprintf(stderr, "%s: error: %s did not read the line written to the master\n",
			me, path);
		return 1;
	}
	close(slave);
	close(master);
	return 0;
}

static int do_pty(void)
{
	struct stat by_peer, by_path;
	char path[32];
	int master, slave, n, unlock = 0;

	master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0)
		return die_errno("cannot open", "/dev/ptmx");
	if (ioctl(master, TIOCSPTLCK, &unlock) < 0)
		return die_errno("cannot unlock", "/dev/ptmx");
	if (ioctl(master, TIOCGPTN, &n) < 0)
		return die_errno("cannot get the pty number of", "/dev/ptmx");
	slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0)
		return die_errno("TIOCGPTPEER failed on", "/dev/ptmx");
	snprintf(path, sizeof(path), "/dev/pts/%d", n);
	if (fstat(slave, &by_peer) < 0 || stat(path, &by_path) < 0)
		return die_errno("cannot stat", path);
	if (by_peer.st_rdev != by_path.st_rdev) {
		fprintf(stderr, "%s: error: TIOCGPTPEER did not open %s\n",
			me, path);
		return 1;
	}
	return pty_echo(master, slave, path);
}

/* The C library's way to a pty: posix_openpt(), grantpt(), unlockpt() */
static int do_openpt(void)
{
	struct stat st;
	const char *path;
	int master, slave;

	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0)
		return die_errno("posix_openpt() failed on", "/dev/ptmx");
	if (grantpt(master) || unlockpt(master))
		return die_errno("grantpt() or unlockpt() failed on", "/dev/ptmx");
	path = ptsname(master);
	if (!path)
		return die_errno("ptsname() failed on", "/dev/ptmx");
	slave = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0)
		return die_errno("cannot open", path);
	if (fstat(slave, &st) < 0 || !S_ISCHR(st.st_mode)) {
		fprintf(stderr, "%s: error: '%s' is not a character device\n",
			me, path);
		return 1;
	}
	return pty_echo(master, slave, path);
}

/*
 * init_module() of MODULE with the N-th fault injection site of this
 * thread failing; see the top of the file.  The module is read and
 * /proc/thread-self/fail-nth opened first: those allocate, and only the
 * load is to count.  init_module(), not finit_module(): the kernel
 * copies the image with __GFP_NOWARN, where kernel_read_file() would
 * warn with a stack dump when the fault hits its vmalloc().
 */
static int do_init_fail(const char *nth, const char *path)
{
	static const char fail_nth[] = "/proc/thread-self/fail-nth";
	char left[16] = "";
	int mod, fail, rc, err;
	struct stat st;
	char *image;

	mod = open(path, O_RDONLY | O_CLOEXEC);
	if (mod < 0 || fstat(mod, &st) < 0)
		return die_errno("cannot open", path);
	image = malloc(st.st_size ? st.st_size : 1);
	if (!image)
		return die_errno("cannot allocate memory for", path);
	if (read(mod, image, st.st_size) != st.st_size)
		return die_errno("cannot read", path);
	close(mod);
	fail = open(fail_nth, O_RDWR | O_CLOEXEC);
	if (fail < 0)
		return die_errno("cannot open", fail_nth);
	if (write(fail, nth, strlen(nth)) < 0)
		return die_errno("cannot write to", fail_nth);
	rc = syscall(SYS_init_module, image, (unsigned long)st.st_size, "");
	err = errno;
	/* still above 0: the load passed fewer than N sites */
	if (pread(fail, left, sizeof(left) - 1, 0) < 0)
		return die_errno("cannot read", fail_nth);
	if (write(fail, "0", 1) < 0)
		return die_errno("cannot reset", fail_nth);
	printf("%s %s\n", atoi(left) ? "not-injected" : "injected",
	       rc ? strerror(err) : "loaded");
	close(fail);
	free(image);
	return rc ? 1 : 0;
}

/* --- AIO: io_setup() and friends, by raw system call -------------------- */

/*
 * One pread of a file of ours through CTX: io_submit(), then io_getevents()
 * with a 10 s timeout must return the event with the bytes written.
 */
static int aio_round(aio_context_t ctx)
{
	static const char data[] = "kslim aio";
	char path[] = "/tmp/kslim-aio.XXXXXX", buf[sizeof(data)];
	struct timespec ts = { .tv_sec = 10 };
	struct iocb cb = { 0 }, *cbs[1] = { &cb };
	struct io_event ev;
	int fd, rc = 1;
	long n;

	fd = mkstemp(path);
	if (fd < 0)
		return die_errno("cannot create", path);
	unlink(path);
	if (write(fd, data, sizeof(data)) != sizeof(data)) {
		die_errno("cannot write", path);
		goto out;
	}
	cb.aio_lio_opcode = IOCB_CMD_PREAD;
	cb.aio_fildes = fd;
	cb.aio_buf = (unsigned long)buf;
	cb.aio_nbytes = sizeof(buf);
	cb.aio_data = 0x6b736c696d;
	if (syscall(SYS_io_submit, ctx, 1L, cbs) != 1) {
		die_errno("cannot submit a read of", path);
		goto out;
	}
	n = syscall(SYS_io_getevents, ctx, 1L, 1L, &ev, &ts);
	if (n != 1) {
		if (n == 0)
			errno = ETIMEDOUT;
		die_errno("no completion of a read of", path);
		goto out;
	}
	if (ev.data != cb.aio_data || ev.res != sizeof(data) ||
	    memcmp(buf, data, sizeof(data))) {
		fprintf(stderr, "%s: error: the read of '%s' completed with data %#llx res %lld, not %zu bytes of ours\n",
			me, path, (unsigned long long)ev.data,
			(long long)ev.res, sizeof(data));
		goto out;
	}
	rc = 0;
out:
	close(fd);
	return rc;
}

static int aio_nr(long *nr)
{
	FILE *f = fopen("/proc/sys/fs/aio-nr", "r");
	int ok;

	if (!f)
		return die_errno("cannot open", "/proc/sys/fs/aio-nr");
	ok = fscanf(f, "%ld", nr) == 1;
	fclose(f);
	if (!ok) {
		fprintf(stderr, "%s: error: cannot read '/proc/sys/fs/aio-nr'\n",
			me);
		return 1;
	}
	return 0;
}

/*
 * aio: a context of 64 events counts in fs.aio-nr, a read goes through
 * it, and io_destroy() gives the events back.
 */
static int do_aio(void)
{
	aio_context_t ctx = 0;
	long before, during, after;
	int rc;

	if (aio_nr(&before))
		return 1;
	if (syscall(SYS_io_setup, 64, &ctx))
		return die_errno("cannot set up", "an AIO context");
	rc = aio_nr(&during) || aio_round(ctx);
	if (syscall(SYS_io_destroy, ctx))
		return die_errno("cannot destroy", "the AIO context");
	if (rc || aio_nr(&after))
		return 1;
	if (during != before + 64 || after != before) {
		fprintf(stderr, "%s: error: fs.aio-nr %ld before, %ld with a context of 64, %ld after\n",
			me, before, during, after);
		return 1;
	}
	printf("aio: pread through a context of 64 events; fs.aio-nr %ld -> %ld -> %ld\n",
	       before, during, after);
	return 0;
}

/* a call that must fail with ENOSYS: no kernel AIO */
static int do_aio_none(void)
{
	aio_context_t ctx = 0;

	if (!syscall(SYS_io_setup, 64, &ctx)) {
		fprintf(stderr, "%s: error: io_setup() succeeded\n", me);
		return 1;
	}
	if (errno != ENOSYS)
		return die_errno("io_setup() failed, but not with ENOSYS:",
				 "io_setup");
	printf("aio-none: io_setup() fails with ENOSYS\n");
	return 0;
}

/*
 * aio-hold: a context that lives until standard input ends ("held" once
 * it is set up); then a read must still go through it.
 * aio-orphan: a context whose ring a child inherits; the parent destroys
 * the context and waits for the child, which prints "held" and keeps the
 * mapping of the ring until its input ends, then moves it with mremap()
 * (which must fail: there is no context to move) and unmaps it.
 */
static int do_aio_hold(void)
{
	aio_context_t ctx = 0;
	int rc;
	char c;

	if (syscall(SYS_io_setup, 64, &ctx))
		return die_errno("cannot set up", "an AIO context");
	printf("held: context %#lx\n", (unsigned long)ctx);
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	rc = aio_round(ctx);
	if (syscall(SYS_io_destroy, ctx))
		return die_errno("cannot destroy", "the AIO context");
	return rc;
}

static int do_aio_orphan(void)
{
	struct aio_ring_head { unsigned int id, nr, head, tail, magic; } *ring;
	aio_context_t ctx = 0;
	int rc = 0, refused, status, go[2];
	unsigned int magic;
	void *moved;
	pid_t pid;
	char c;

	if (syscall(SYS_io_setup, 64, &ctx))
		return die_errno("cannot set up", "an AIO context");
	ring = (void *)ctx;
	/* the parent's destroy truncates the ring: a read would fault then */
	magic = ring->magic;
	if (pipe(go))
		return die_errno("cannot create", "a pipe");
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return die_errno("cannot fork", "aio-orphan");
	if (pid) {
		close(go[0]);
		if (syscall(SYS_io_destroy, ctx))
			return die_errno("cannot destroy", "the AIO context");
		close(go[1]);
		if (waitpid(pid, &status, 0) != pid)
			return die_errno("cannot wait for", "the aio-orphan child");
		return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
	}
	/* the child: its copy of the ring mapping, no context of its own */
	close(go[1]);
	while (read(go[0], &c, 1) > 0)
		;
	printf("held: ring of destroyed context %#lx inherited (magic %#x)\n",
	       (unsigned long)ctx, magic);
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	/* a place to move its first page to */
	moved = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (moved == MAP_FAILED)
		return die_errno("cannot map", "a page to move the ring to");
	moved = mremap(ring, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, moved);
	refused = errno;
	if (moved != MAP_FAILED) {
		fprintf(stderr, "%s: error: mremap() moved the ring of a destroyed context\n",
			me);
		rc = 1;
	}
	if (munmap(ring, 4096))
		rc = die_errno("cannot unmap", "the inherited ring");
	if (!rc)
		printf("done: mremap() refused (%s), ring unmapped\n",
		       strerror(refused));
	return rc;
}

/*
 * aio-busy: set up a context, read through it, destroy it, wait 20 ms,
 * until SIGTERM or SIGINT; while the module comes and goes, io_setup() may be refused
 * (EAGAIN: the module is on its way out; ENOSYS: it is gone and could
 * not be loaded in time), but a context it gives must work.
 */
static int do_aio_busy(void)
{
	unsigned long rounds = 0, eagain = 0, enosys = 0;
	aio_context_t ctx;

	stop_on_signals();
	while (!stop) {
		ctx = 0;
		if (syscall(SYS_io_setup, 8, &ctx)) {
			if (errno == EAGAIN) {
				eagain++;
				continue;
			}
			if (errno == ENOSYS) {
				enosys++;
				continue;
			}
			if (errno == EINTR && stop)
				break;
			return die_errno("io_setup() failed in", "aio-busy");
		}
		if (aio_round(ctx))
			return 1;
		if (syscall(SYS_io_destroy, ctx))
			return die_errno("cannot destroy", "an AIO context");
		rounds++;
		/* a gap without a context, for an rmmod to find */
		usleep(20000);
	}
	printf("aio-busy: %lu rounds, io_setup() refused %lu times with EAGAIN, %lu with ENOSYS\n",
	       rounds, eagain, enosys);
	return 0;
}

/*
 * N round trips of a cheap system call, timed with CLOCK_MONOTONIC: the
 * cost of the system call entry and exit path (bench-syscall), with
 * getppid(); with io_getevents, the cost of an AIO call that finds no
 * event (min_nr 0, zero timeout), where a modular AIO adds its dispatch.
 */
static int do_syscalls(const char *count, const char *call)
{
	struct timespec a, b, zero = { 0 };
	long n = atol(count), i;
	aio_context_t ctx = 0;
	struct io_event ev;
	double ns;

	if (n <= 0) {
		fprintf(stderr, "%s: error: syscalls wants a positive count, not '%s'\n",
			me, count);
		return 2;
	}
	if (strcmp(call, "getppid") && strcmp(call, "io_getevents"))
		return usage();
	if (!strcmp(call, "io_getevents") &&
	    syscall(SYS_io_setup, 8, &ctx))
		return die_errno("cannot set up", "an AIO context");
	clock_gettime(CLOCK_MONOTONIC, &a);
	if (ctx)
		for (i = 0; i < n; i++)
			syscall(SYS_io_getevents, ctx, 0L, 1L, &ev, &zero);
	else
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (ctx)
		syscall(SYS_io_destroy, ctx);
	ns = (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
	printf("%s: syscalls %ld %s() in %.0f ns: ns_per_call=%.1f\n",
	       me, n, call, ns, ns / n);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "open") && argc == 3)
		return do_open(argv[2], O_RDWR);
	if (!strcmp(argv[1], "open") && argc == 4 && !strcmp(argv[3], "ro"))
		return do_open(argv[2], O_RDONLY);
	if (!strcmp(argv[1], "socket") && (argc == 4 || argc == 5))
		return do_socket(argv[2], argv[3], argc == 5 ? argv[4] : NULL);
	if (!strcmp(argv[1], "tap") && argc == 3)
		return do_tap(argv[2], 1);
	if (!strcmp(argv[1], "tap-del") && argc == 3)
		return do_tap(argv[2], 0);
	if (!strcmp(argv[1], "vhost-net") && argc == 2)
		return do_vhost_net();
	if (!strcmp(argv[1], "vfio") && argc == 2)
		return do_vfio();
	if (!strcmp(argv[1], "packet") && argc == 3)
		return do_packet(argv[2]);
	if (!strcmp(argv[1], "genl") && (argc == 3 || argc == 4))
		return do_genl(argv[2], argc == 4 ? argv[3] : NULL);
	if (!strcmp(argv[1], "genl-dump") && argc == 5)
		return do_genl_dump(argv[2], argv[3], argv[4]);
	if (!strcmp(argv[1], "ethtool-hold") && argc == 2)
		return do_ethtool_hold();
	if (!strcmp(argv[1], "ethtool-busy") && argc == 2)
		return do_ethtool_busy();
	if (!strcmp(argv[1], "unix") && argc == 2)
		return do_unix();
	if (!strcmp(argv[1], "perf") && argc == 3)
		return do_perf(argv[2]);
	if (!strcmp(argv[1], "pty") && argc == 2)
		return do_pty();
	if (!strcmp(argv[1], "openpt") && argc == 2)
		return do_openpt();
	if (!strcmp(argv[1], "init-fail") && argc == 4)
		return do_init_fail(argv[2], argv[3]);
	if (!strcmp(argv[1], "syscalls") && (argc == 3 || argc == 4))
		return do_syscalls(argv[2], argc == 4 ? argv[3] : "getppid");
	if (!strcmp(argv[1], "sockdiag") && argc == 2)
		return do_sockdiag();
	if (!strcmp(argv[1], "aio") && argc == 2)
		return do_aio();
	if (!strcmp(argv[1], "aio-none") && argc == 2)
		return do_aio_none();
	if (!strcmp(argv[1], "aio-hold") && argc == 2)
		return do_aio_hold();
	if (!strcmp(argv[1], "aio-orphan") && argc == 2)
		return do_aio_orphan();
	if (!strcmp(argv[1], "aio-busy") && argc == 2)
		return do_aio_busy();
	return usage();
}

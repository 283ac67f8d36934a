/* demo_data.c: `qiao demo-data`: realistic Chinese demo data, bulk-loaded, and one demo
 * account per role with a freshly generated password. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "auth/password.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "core/idcodes.h"
#include "core/pii.h"
#include "core/term_postings.h"
#include "core/terms.h"
#include "db/db.h"
#include "resources/accounts.h"
#include "resources/audit.h"
#include "resources/interactions.h"
#include "resources/majors.h"

/* Prints what a step of the load did and how long it took (since the step before), so a slow
 * generation shows which step grew. */
static void step(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void step(const char *fmt, ...)
{
	static struct timespec last;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!last.tv_sec)
		last = now;
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" (%.1f s)\n", (double)(now.tv_sec - last.tv_sec) + (double)(now.tv_nsec - last.tv_nsec) / 1e9);
	fflush(stdout);
	last = now;
}

enum demo_stmt {
	DEMO_MAJORS_COUNT,
	DEMO_BULK_LOAD,
	DEMO_JOB_TERMS_BEGIN,
	DEMO_JOB_TERMS_END,
	DEMO_MAJORS,
	DEMO_SCOPE,
	DEMO_PERMIT,
	DEMO_FIRST_STUDENT,
	DEMO_FIRST_EMPLOYER,
	DEMO_EMPLOYMENT_ROWS,
	DEMO_DISPATCH_ROWS,
	DEMO_STUDENT_ACCOUNTS,
	DEMO_HISTORY,
	DEMO_CURRENT,
	DEMO_SYNC,
	DEMO_NEXT_JOB,
	DEMO_EMPLOYER_NAMES,
	DEMO_MAJOR_NAMES,
	DEMO_RESUMES,
	DEMO_APPLICATIONS,
	DEMO_VENUES,
	DEMO_EVENTS,
	DEMO_SESSIONS,
	DEMO_INTERACTIONS,
	DEMO_RELATIONS,
	DEMO_ANALYZE,
	DEMO__MAX
};

static const char *const stmts[DEMO__MAX] = {
    [DEMO_MAJORS_COUNT] = "SELECT COUNT(*) AS n FROM majors",
    [DEMO_BULK_LOAD] = "SET @qiao_bulk_load = ?",
    /* Around the load of the job search's terms (the jobs' triggers stand aside): sql/033. */
    [DEMO_JOB_TERMS_BEGIN] = "CALL job_terms_load_begin()",
    [DEMO_JOB_TERMS_END] = "CALL job_terms_load_end()",
    [DEMO_MAJORS] = "SELECT id, level, years FROM majors ORDER BY id",
    [DEMO_SCOPE] = "INSERT INTO account_majors (account_id, major_id) "
		   "SELECT ?, id FROM majors WHERE college = ?",
    [DEMO_PERMIT] = "INSERT INTO account_permissions (account_id, item) VALUES (?, ?)",
    [DEMO_FIRST_STUDENT] = "SELECT s.id, s.student_no, s.name FROM students s "
			   "JOIN majors m ON m.id = s.major_id WHERE m.college = ? "
			   "ORDER BY s.graduation_year DESC, s.id LIMIT 1",
    [DEMO_FIRST_EMPLOYER] = "SELECT id, name FROM employers WHERE status = 'approved' ORDER BY id LIMIT 1",
    /* What an import makes for each student: employment and dispatch rows, a pending account. */
    [DEMO_EMPLOYMENT_ROWS] = "INSERT IGNORE INTO employment (student_id) SELECT id FROM students",
    [DEMO_DISPATCH_ROWS] = "INSERT IGNORE INTO dispatch (student_id) SELECT id FROM students",
    [DEMO_STUDENT_ACCOUNTS] = "INSERT IGNORE INTO accounts (username, name, role, status, student_id) "
			      "SELECT student_no, name, 'student', 'pending', id FROM students",
    /* Destinations for most graduated students, spread by id: a realistic mix of employment,
     * further study and pending, effective between March and October of their year. */
    [DEMO_HISTORY] =
	"INSERT INTO employment_history (student_id, destination_code, employer_name, credit_code, "
	"industry_code, unit_nature_code, region_code, job_title, salary, school, effective_date, state) "
	"SELECT s.id, d.code, IF(d.needs_employer, e.name, NULL), IF(d.needs_employer, e.credit_code, NULL), "
	"IF(d.category = 'employed', e.industry_code, NULL), IF(d.category = 'employed', e.unit_nature_code, NULL), "
	"IF(d.category = 'employed', e.region_code, NULL), IF(d.needs_employer, '管理培训生', NULL), "
	"IF(d.needs_employer, 6000 + (s.id % 50) * 100, NULL), "
	"IF(d.needs_school, ELT(1 + s.id % 4, '南京大学', '复旦大学', '浙江大学', '伦敦大学学院'), NULL), "
	"MAKEDATE(s.graduation_year, 60 + s.id % 240), 'approved' FROM students s "
	"JOIN destination_codes d ON d.code = ELT(1 + (s.id * 7919) % 12, '10', '10', '11', '11', "
	"'12', '80', '80', '85', '70', '71', '75', '76') "
	"JOIN employers e ON e.id = ? + s.id % ? "
	"WHERE s.graduation_year < ? AND s.id % 10 < 8",
    [DEMO_CURRENT] = "UPDATE employment m JOIN employment_history h ON h.student_id = m.student_id "
		     "SET m.destination_code = h.destination_code, m.employer_name = h.employer_name, "
		     "m.credit_code = h.credit_code, m.industry_code = h.industry_code, "
		     "m.unit_nature_code = h.unit_nature_code, m.region_code = h.region_code, "
		     "m.job_title = h.job_title, m.salary = h.salary, m.school = h.school, "
		     "m.effective_date = h.effective_date, m.history_id = h.id",
    [DEMO_SYNC] = "UPDATE students s JOIN employment m ON m.student_id = s.id "
		  "SET s.destination_code = m.destination_code",
    [DEMO_NEXT_JOB] = "SELECT CAST(COALESCE(MAX(id), 0) + 1 AS UNSIGNED) AS id FROM jobs",
    [DEMO_EMPLOYER_NAMES] = "SELECT id, name FROM employers ORDER BY id",
    /* The majors' names, as a job lists them: the jobs spread over them by id. */
    [DEMO_MAJOR_NAMES] = "SELECT name FROM majors ORDER BY id",
    [DEMO_ANALYZE] = "ANALYZE TABLE students, employment, employment_history, dispatch, accounts, "
		     "employers, jobs, job_majors, majors, resumes, applications, employer_interactions",
    /* One resume each for the students who apply, the newest cohort first. */
    [DEMO_RESUMES] = "INSERT INTO resumes (student_id, title, expected_city, content) SELECT s.id, "
		     "'个人简历', '南京', JSON_OBJECT('education', JSON_ARRAY(JSON_OBJECT('college', "
		     "m.college, 'major', m.name, 'degree', s.level, 'end_year', s.graduation_year)), "
		     "'experience', JSON_ARRAY(), 'projects', JSON_ARRAY(), 'skills', "
		     "JSON_ARRAY('Office'), 'certificates', JSON_ARRAY()) FROM students s JOIN majors m "
		     "ON m.id = s.major_id ORDER BY s.graduation_year DESC, s.id LIMIT ?",
    /* Four applications per resume, to jobs spread by id, one in ten to the 100 most wanted
     * jobs (an employer's list then holds thousands), in every state. */
    [DEMO_APPLICATIONS] =
	"INSERT IGNORE INTO applications (job_id, student_id, resume_id, resume, state) "
	"SELECT IF((r.id + q.seq) % 10 = 0, j.lo + r.id % 100, j.lo + (r.id * 7919 + q.seq * 104729) % j.n), "
	"r.student_id, r.id, JSON_OBJECT('name', s.name, 'level', s.level, 'graduation_year', "
	"s.graduation_year, 'title', r.title, 'content', r.content), ELT(1 + (r.id + q.seq) % 7, "
	"'delivered', 'viewed', 'shortlisted', 'interview', 'offer', 'rejected', 'withdrawn') "
	"FROM resumes r JOIN students s ON s.id = r.student_id JOIN seq_0_to_3 q "
	"JOIN (SELECT MIN(id) AS lo, COUNT(*) AS n FROM jobs) j LIMIT ?",
    [DEMO_VENUES] = "INSERT INTO venues (name, campus, address, capacity) VALUES "
		    "('学术交流中心报告厅', '主校区', '学术交流中心一楼', 300), "
		    "('就业指导中心路演厅', '主校区', '学生事务中心三楼', 120), "
		    "('图书馆报告厅', '主校区', '图书馆二楼', 200), "
		    "('大学生活动中心', '东校区', '活动中心一楼', 500), "
		    "('就业洽谈室', '主校区', '学生事务中心二楼', 40)",
    /* The office's events over the next weeks, one a day, each in one of the rooms (so no two
     * overlap), half of them admitting only students who signed up. */
    [DEMO_EVENTS] =
	"INSERT INTO events (kind, category, title, description, venue_id, venue, starts_at, ends_at, "
	"capacity, require_signup, checkin_code, status, created_by) SELECT 'event', "
	"ELT(1 + q.seq % 4, '就业讲座', '职业规划', '简历工作坊', '模拟面试'), ELT(1 + q.seq % 6, "
	"'简历写作与投递技巧', '公务员考试备考指导', '职业生涯规划入门', '结构化面试模拟', "
	"'考研与就业的选择', '求职礼仪与沟通'), '面向全体毕业生，请提前报名，凭签到码入场。', v.id, v.name, "
	"TIMESTAMP(CURDATE() + INTERVAL 1 + q.seq * 2 DAY, '14:00:00'), "
	"TIMESTAMP(CURDATE() + INTERVAL 1 + q.seq * 2 DAY, '16:00:00'), LEAST(v.capacity, 100), "
	"q.seq % 2, LPAD(1000 + q.seq * 37, 4, '0'), 'approved', 0 FROM seq_0_to_11 q "
	"JOIN (SELECT id, name, capacity, ROW_NUMBER() OVER (ORDER BY id) - 1 AS rn FROM venues "
	"WHERE to_be_decided = 0) v ON v.rn = q.seq % 5",
    /* Info sessions of the first approved employers in the evenings: six approved, two still
     * waiting for the office. */
    [DEMO_SESSIONS] =
	"INSERT INTO events (kind, category, title, description, employer_id, venue_id, venue, "
	"starts_at, ends_at, capacity, status, created_by) SELECT 'info_session', '宣讲会', "
	"CONCAT(e.name, '校园宣讲会'), '公司介绍、岗位介绍与现场答疑，欢迎携带简历。', e.id, v.id, v.name, "
	"TIMESTAMP(CURDATE() + INTERVAL 2 + q.seq * 2 DAY, '19:00:00'), "
	"TIMESTAMP(CURDATE() + INTERVAL 2 + q.seq * 2 DAY, '21:00:00'), LEAST(v.capacity, 200), "
	"IF(q.seq < 6, 'approved', 'pending'), 0 FROM seq_0_to_7 q "
	"JOIN (SELECT id, name, ROW_NUMBER() OVER (ORDER BY id) - 1 AS rn FROM employers WHERE "
	"status = 'approved' ORDER BY id LIMIT 8) e ON e.rn = q.seq "
	"JOIN (SELECT id, name, capacity, ROW_NUMBER() OVER (ORDER BY id) - 1 AS rn FROM venues "
	"WHERE to_be_decided = 0) v ON v.rn = q.seq % 4",
    /* What the office records by hand: up to five interactions of approved employers over the
     * last three years (strategic cooperation, mentors, industry-education projects, visits);
     * registrations, jobs, sessions and fairs are derived from those records afterwards. */
    [DEMO_INTERACTIONS] =
	"INSERT INTO employer_interactions (employer_id, kind, happened_on, title, students_covered, "
	"owner) SELECT e.id, ELT(1 + (e.id * 7 + q.seq) % 4, 'strategic', 'mentor', "
	"'industry_education', 'daily_business'), CURDATE() - INTERVAL (e.id * 37 + q.seq * 101) % "
	"1000 DAY, ELT(1 + (e.id * 7 + q.seq) % 4, '合作授牌', '校外导师聘任', '产教融合项目', '企业参访'), "
	"(e.id * 13 + q.seq) % 200, '就业指导中心' FROM employers e JOIN seq_0_to_4 q ON q.seq < e.id % 6 "
	"WHERE e.status = 'approved'",
    /* A cooperation level for most approved employers (few strategic, more key, most ordinary)
     * and a tag or two. */
    [DEMO_RELATIONS] = "UPDATE employers SET cooperation_level = ELT(1 + id % 10, 'strategic', 'key', "
		       "'key', 'ordinary', 'ordinary', 'ordinary', 'ordinary', 'ordinary', NULL, NULL), "
		       "tags = IF(id % 3 = 0, JSON_ARRAY(ELT(1 + id % 4, '校友企业', '实习基地', "
		       "'重点行业', '长期合作')), NULL) WHERE status = 'approved'",
};

static const struct {
	const char *college;
	const char *majors[5];
} catalogue[] = {
    {"计算机科学与技术学院", {"计算机科学与技术", "软件工程", "网络工程", "数据科学与大数据技术"}},
    {"经济管理学院", {"会计学", "工商管理", "市场营销", "金融学"}},
    {"外国语学院", {"英语", "日语", "翻译"}},
    {"机械工程学院", {"机械设计制造及其自动化", "车辆工程", "工业设计"}},
    {"电子信息学院", {"电子信息工程", "通信工程", "自动化"}},
    {"化学化工学院", {"化学工程与工艺", "应用化学", "制药工程"}},
    {"文学院", {"汉语言文学", "新闻学", "广告学"}},
    {"土木工程学院", {"土木工程", "建筑学", "工程管理"}},
};
#define NCOLLEGES (sizeof catalogue / sizeof catalogue[0])

static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "潘", "袁", "蔡", "蒋", "余", "于", "杜", "叶", "程", "魏",
    "苏", "吕", "丁", "任", "沈", "欧阳", "司马"};
static const char *const given[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
    "明", "超", "霞", "平", "刚", "婷", "雪", "梅", "欣", "怡", "轩", "浩", "然", "宇", "航",
    "思", "雨", "梓", "涵", "诺", "佳", "琪", "晨", "博", "文", "嘉", "子", "若", "晓", "一"};
static const char *const regions[] = {"320102", "320506", "310104", "110108", "330106", "440305",
				      "420111", "510107", "610113", "370102", "410105", "430104"};
static const char *const cities[] = {"南京", "苏州", "上海", "北京", "杭州", "深圳",
				     "武汉", "成都", "西安", "济南", "郑州", "长沙"};
static const char *const brands[] = {"星辰", "华信", "云帆", "博远", "启明", "恒通", "中科",
				     "天成", "瑞达", "新源", "卓越", "汇智", "锦程", "蓝海"};
static const struct {
	const char *word;
	const char *industry; /* GB/T 4754 section */
} trades[] = {{"信息科技", "I"}, {"软件", "I"},     {"智能制造", "C"}, {"电子", "C"},
	      {"建设工程", "E"}, {"会计师事务所", "L"}, {"教育科技", "P"}, {"医药", "C"},
	      {"物流", "G"},     {"金融服务", "J"}, {"文化传媒", "R"}, {"新能源", "D"}};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static unsigned pick(size_t n)
{
	return randombytes_uniform((uint32_t)n);
}

static void make_name(char *out, size_t cap)
{
	snprintf(out, cap, "%s%s%s", surnames[pick(COUNT(surnames))], given[pick(COUNT(given))],
		 pick(3) ? given[pick(COUNT(given))] : "");
}

/* Disciplines of the further colleges a large data set needs (--majors beyond the catalogue). */
static const char *const disciplines[] = {
    "数学", "物理", "生命科学", "医学", "法学", "艺术", "体育", "马克思主义", "教育", "历史",
    "哲学", "环境", "材料", "能源", "航空航天", "农学", "海洋", "地理", "心理", "音乐",
    "美术", "设计", "护理", "药学", "公共管理", "社会", "政治", "国际关系", "信息管理", "统计",
    "城市规划", "交通", "食品", "纺织"};
#define MAJORS_PER_COLLEGE 10

/* Majors beyond the catalogue: colleges of MAJORS_PER_COLLEGE undergraduate majors each. */
static int load_more_majors(struct app *app, long wanted, long have)
{
	for (long i = 0; have + i < wanted; i++) {
		long c = i / MAJORS_PER_COLLEGE;
		if (c >= (long)COUNT(disciplines))
			break;
		char college[64], name[96], code[32];
		snprintf(college, sizeof college, "%s学院", disciplines[c]);
		snprintf(name, sizeof name, "%s类专业%ld", disciplines[c], i % MAJORS_PER_COLLEGE + 1);
		snprintf(code, sizeof code, "9%02ld%02ld01", c, i % MAJORS_PER_COLLEGE + 1);
		if (majors_insert(app, code, name, college, "主校区", "", "本科生", 4) < 0)
			return -1;
	}
	return 0;
}

/* Majors: every college's undergraduate majors, a master's programme for the first, and
 * further colleges up to `wanted` majors. */
static int load_majors(struct app *app, long wanted)
{
	long made = 0;
	for (size_t c = 0; c < NCOLLEGES; c++) {
		for (size_t m = 0; m < 5 && catalogue[c].majors[m]; m++) {
			char code[16];
			snprintf(code, sizeof code, "%02zu%02zu%02d", c + 1, m + 1, 1);
			if (majors_insert(app, code, catalogue[c].majors[m], catalogue[c].college,
					  "主校区", "", "本科生", 4) < 0)
				return -1;
			made++;
			if (m == 0) {
				code[5] = '2';
				if (majors_insert(app, code, catalogue[c].majors[m],
						  catalogue[c].college, "主校区", "", "硕士研究生", 3) < 0)
					return -1;
				made++;
			}
		}
	}
	return load_more_majors(app, wanted, made);
}

/* Writes rows to a tab-separated file and loads it with LOAD DATA LOCAL INFILE. */
static long long bulk_load(struct app *app, const char *table, const char *columns,
			   const char *path)
{
	if (strpbrk(path, "'\\"))
		return -1;
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "LOAD DATA LOCAL INFILE '%s' INTO TABLE %s CHARACTER SET utf8mb4 "
		 "FIELDS TERMINATED BY '\\t' LINES TERMINATED BY '\\n' (%s)",
		 path, table, columns);
	return db_exec_plain(app->db, sql);
}

/* How many graduation years the students are spread over, ending next year. */
static long graduation_years = 3;

/* majors: rows of (id, level, years) to spread the students over. */
static int write_students(struct app *app, FILE *f, long n, void *ctx)
{
	json_t *majors = ctx;
	size_t nmajors = json_array_size(majors);
	int first_year = clock_year() + 2 - (int)graduation_years;
	for (long i = 0; i < n; i++) {
		json_t *major = json_array_get(majors, pick(nmajors));
		long long major_id = json_integer_value(json_object_get(major, "id"));
		const char *level = json_string_value(json_object_get(major, "level"));
		int years = (int)json_integer_value(json_object_get(major, "years"));
		int grad = first_year + (int)pick((size_t)graduation_years);
		int enrol = grad - years;
		const char *region = regions[pick(COUNT(regions))];
		char name[32], id17[40], id[48], no[48];
		make_name(name, sizeof name);
		int male = (int)pick(2);
		snprintf(id17, sizeof id17, "%s%04d%02u%02u%02u%u", region, enrol - 18, 1 + pick(12),
			 1 + pick(28), pick(100), (unsigned)(male ? 1 + 2 * pick(5) : 2 * pick(5)));
		snprintf(id, sizeof id, "%.17s%c", id17, idcard_check_char(id17));
		snprintf(no, sizeof no, "%d%03lld%05ld", enrol, major_id % 1000, i + 1);
		const char *status = pick(50) == 0 ? "休学" : "在读";
		char phone[16], id_index[PII_INDEX_LEN + 1], phone_index[PII_INDEX_LEN + 1];
		snprintf(phone, sizeof phone, "1%c%09u", "35789"[pick(5)], pick(1000000000));
		const struct pii_keys *keys = &app->cfg->pii;
		char *sealed_id = pii_seal(keys, id), *sealed_phone = pii_seal(keys, phone);
		pii_index(keys, id, id_index);
		pii_index(keys, phone, phone_index);
		fprintf(f, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%s\t%lld\t%s\t%s\t%s@stu.qiao.edu.cn\t%s\t%s\n",
			no, name, male ? "男" : "女", sealed_id, id_index, grad, enrol, level, major_id,
			sealed_phone, phone_index, no, region, status);
		free(sealed_id);
		free(sealed_phone);
	}
	return ferror(f) ? -1 : 0;
}

static int write_employers(struct app *app, FILE *f, long n, void *unused)
{
	(void)app;
	(void)unused;
	static const char *const natures[] = {"31", "32", "39", "39", "39", "21", "23"};
	static const char *const sizes[] = {"50人以下", "50-150人", "150-500人", "500-1000人",
					    "1000人以上"};
	for (long i = 0; i < n; i++) {
		size_t b = (size_t)i % COUNT(brands), t = ((size_t)i / COUNT(brands)) % COUNT(trades);
		size_t c = ((size_t)i / (COUNT(brands) * COUNT(trades))) % COUNT(cities);
		long round = i / (long)(COUNT(brands) * COUNT(trades) * COUNT(cities));
		char name[160], code17[40], code[48], contact[32];
		if (round)
			snprintf(name, sizeof name, "%s%s%s有限公司第%ld分公司", cities[c], brands[b],
				 trades[t].word, round + 1);
		else
			snprintf(name, sizeof name, "%s%s%s有限公司", cities[c], brands[b], trades[t].word);
		snprintf(code17, sizeof code17, "91%s%09ld", regions[c], (100000000L + i) % 1000000000L);
		snprintf(code, sizeof code, "%.17s%c", code17, credit_code_check_char(code17));
		make_name(contact, sizeof contact);
		const char *status = pick(10) == 0 ? "pending" : "approved";
		fprintf(f, "%s\t%s\t%s\t1%c%09u\thr%ld@corp%ld.example.cn\t%s\t%s\t%s\t%s\t%s\n", name,
			code, contact, "35789"[pick(5)], pick(1000000000), i + 1, i + 1,
			trades[t].industry, natures[pick(COUNT(natures))], regions[c],
			sizes[pick(COUNT(sizes))], status);
	}
	return ferror(f) ? -1 : 0;
}

static const char *const job_titles[] = {
    "Java开发工程师", "前端开发工程师", "数据分析师", "算法工程师", "测试工程师", "产品经理",
    "管理培训生", "会计", "审计助理", "市场专员", "销售代表", "人力资源专员", "机械设计工程师",
    "电气工程师", "土木工程师", "施工员", "英语翻译", "新媒体运营", "行政助理", "客户经理"};
static const char *const degrees[] = {"不限", "专科", "本科", "本科", "本科", "硕士", "博士"};

/* What the jobs are written from: the employers (rows of id and name), the majors' names,
 * the id the first job gets; where each job's majors and search terms go. */
struct jobs_ctx {
	long long first_job;
	json_t *employers, *majors;
	FILE *job_majors;
	struct term_postings *terms;
	struct arena *arena;
};

static const char *major_name(json_t *majors, size_t i)
{
	return json_string_value(json_object_get(json_array_get(majors, i), "name"));
}

/* Jobs, most approved, refreshed over the last 90 days, each with two majors and the search
 * terms the job search reads (terms.c) and their postings, written here so the bulk load
 * needs no pass over the jobs to index them. */
static int write_jobs(struct app *app, FILE *f, long n, void *ctx)
{
	(void)app;
	struct jobs_ctx *c = ctx;
	size_t employers = json_array_size(c->employers), majors = json_array_size(c->majors);
	time_t now = time(NULL);
	for (long i = 0; i < n; i++) {
		long long id = c->first_job + i;
		size_t city = pick(COUNT(cities)), e = pick(employers);
		unsigned low = 4000 + 500 * pick(16);
		const char *title = job_titles[pick(COUNT(job_titles))];
		const char *degree = degrees[pick(COUNT(degrees))];
		time_t refreshed = now - (time_t)pick(90 * 86400);
		char when[32], both[512]; /* the job's one or two majors, spread by id */
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", localtime(&refreshed));
		const char *major[2] = {major_name(c->majors, (size_t)id % majors),
					major_name(c->majors, (size_t)(id * 7) % majors)};
		int two = strcmp(major[0], major[1]) != 0;
		snprintf(both, sizeof both, "%s %s", major[0], two ? major[1] : "");
		json_t *employer = json_array_get(c->employers, e);
		const char *texts[] = {title, cities[city], both,
				       json_string_value(json_object_get(employer, "name"))};
		arena_reset(c->arena);
		const char *terms = terms_index(c->arena, texts, 4);
		term_postings_add(c->terms, terms, id);
		fprintf(f,
			"%lld\t%lld\t%s\t%s：负责相关工作，%s学历及以上，欢迎%s应届毕业生加入。\t%s\t%s\t%u\t%u\t%s\t%u\t%s\t%s\t%s\n",
			id, json_integer_value(json_object_get(employer, "id")), title, title, degree,
			cities[city], cities[city], regions[city], low, low + 1000 * (1 + pick(8)), degree,
			1 + pick(20), pick(8) ? "approved" : "pending", when, terms);
		for (int m = 0; m < 1 + two; m++)
			fprintf(c->job_majors, "%lld\t%s\n", id, major[m]);
	}
	return ferror(f) || ferror(c->job_majors) ? -1 : 0;
}

/* The path of a data set's temporary file under var/. */
static void data_path(struct app *app, const char *table, char *path, size_t cap)
{
	snprintf(path, cap, "%s/demo-%s.tsv", app->cfg->var_dir, table);
}

/* Bulk-loads the rows of a data set's file into its table, and removes the file. */
static int load_file(struct app *app, const char *table, const char *columns)
{
	char path[4096];
	data_path(app, table, path, sizeof path);
	char *abs = realpath(path, NULL);
	long long loaded = abs ? bulk_load(app, table, columns, abs) : -1;
	free(abs);
	unlink(path);
	if (loaded < 0)
		return cli_fail("loading %s: %s", table, db_error(app->db));
	step("loaded %lld %s", loaded, table);
	return 0;
}

/* Writes one data set to its temporary file and bulk-loads it. */
static int load_generated(struct app *app, const char *table, const char *columns, long n,
			  int (*writer)(struct app *, FILE *, long, void *), void *ctx)
{
	char path[4096];
	data_path(app, table, path, sizeof path);
	FILE *f = fopen(path, "w");
	if (!f)
		return cli_fail("cannot write %s", path);
	int rc = writer(app, f, n, ctx);
	if (fclose(f) != 0 || rc < 0) {
		unlink(path);
		return cli_fail("cannot write %s", path);
	}
	return load_file(app, table, columns);
}

/* Writes the postings to the job_terms data set's file. */
static int write_postings(struct app *app, const struct term_postings *terms)
{
	char path[4096];
	data_path(app, "job_terms", path, sizeof path);
	FILE *f = fopen(path, "w");
	int rc = !f || term_postings_write(terms, f) < 0;
	if (f && fclose(f) != 0)
		rc = 1;
	if (rc)
		return cli_fail("cannot write %s", path);
	return 0;
}

/* The jobs, their majors and search terms (files written in one pass over the jobs), then the
 * job search's term index from the terms' postings. */
static int load_jobs(struct app *app, long n)
{
	char majors_path[4096], terms_path[4096];
	data_path(app, "job_majors", majors_path, sizeof majors_path);
	data_path(app, "job_terms", terms_path, sizeof terms_path);
	struct jobs_ctx c = {.terms = term_postings_new(), .arena = arena_new(0)};
	json_t *next;
	int rc = db_row(app->db, &next, stmts[DEMO_NEXT_JOB], DB_NOARGS) != 1;
	if (!rc) {
		c.first_job = json_integer_value(json_object_get(next, "id"));
		json_decref(next);
		c.employers = db_rows(app->db, stmts[DEMO_EMPLOYER_NAMES], DB_NOARGS);
		c.majors = db_rows(app->db, stmts[DEMO_MAJOR_NAMES], DB_NOARGS);
		c.job_majors = fopen(majors_path, "w");
		rc = !json_array_size(c.employers) || !json_array_size(c.majors) || !c.job_majors;
	}
	rc = rc || load_generated(app, "jobs",
				  "id, employer_id, title, description, city, region_code, salary_min, "
				  "salary_max, degree, headcount, status, refreshed_at, search_terms",
				  n, write_jobs, &c) < 0;
	if (c.job_majors && fclose(c.job_majors) != 0)
		rc = 1;
	json_decref(c.employers);
	json_decref(c.majors);
	arena_free(c.arena);
	rc = rc || write_postings(app, c.terms) < 0;
	term_postings_free(c.terms);
	rc = rc || load_file(app, "job_majors", "job_id, major") < 0 ||
	     db_exec(app->db, stmts[DEMO_JOB_TERMS_BEGIN], DB_NOARGS) < 0 ||
	     load_file(app, "job_terms", "term, job_id") < 0 ||
	     db_exec(app->db, stmts[DEMO_JOB_TERMS_END], DB_NOARGS) < 0;
	/* Each file is gone once loaded; what a failure left behind goes too. */
	unlink(majors_path);
	unlink(terms_path);
	if (rc)
		return -1;
	step("built the job search's index");
	return 0;
}

/* n applications (about, as pairs that repeat are skipped) from resumes of n / 4 students. */
static int load_applications(struct app *app, long n)
{
	long long resumes = db_exec(app->db, stmts[DEMO_RESUMES], DB_ARGS(DB_INT((n + 3) / 4)));
	long long made = resumes < 0 ? -1
			 : db_exec(app->db, stmts[DEMO_APPLICATIONS], DB_ARGS(DB_INT(n)));
	if (made < 0)
		return -1;
	step("loaded %lld resumes, %lld applications", resumes, made);
	return 0;
}

/* Rooms, the office's events and employers' info sessions for the weeks ahead, and employers'
 * interactions with the office. */
static int load_events(struct app *app)
{
	struct db *db = app->db;
	long long events = 0, sessions = 0;
	int rc = db_begin(db) < 0 || db_exec(db, stmts[DEMO_VENUES], DB_NOARGS) < 0 ||
		 (events = db_exec(db, stmts[DEMO_EVENTS], DB_NOARGS)) < 0 ||
		 (sessions = db_exec(db, stmts[DEMO_SESSIONS], DB_NOARGS)) < 0 || db_commit(db) < 0;
	if (rc) {
		db_rollback(db);
		return -1;
	}
	step("loaded %lld events, %lld info sessions", events, sessions);
	long long recorded = db_exec(db, stmts[DEMO_INTERACTIONS], DB_NOARGS);
	if (recorded >= 0 && db_exec(db, stmts[DEMO_RELATIONS], DB_NOARGS) < 0)
		recorded = -1;
	long derived = recorded < 0 ? -1 : interactions_backfill(app);
	if (derived < 0)
		return -1;
	step("recorded %lld interactions with employers, %ld derived from recruitment", recorded, derived);
	return 0;
}

/* Employment, dispatch and accounts for the loaded students, and destinations for most of
 * those who have graduated (this year's cohort counts from March on). */
static int load_destinations(struct app *app, long employers)
{
	struct db *db = app->db;
	json_t *first;
	if (db_row(db, &first, stmts[DEMO_FIRST_EMPLOYER], DB_NOARGS) != 1)
		return -1;
	long long first_id = json_integer_value(json_object_get(first, "id"));
	json_decref(first);
	int rc = db_begin(db) < 0 || db_exec(db, stmts[DEMO_EMPLOYMENT_ROWS], DB_NOARGS) < 0 ||
		 db_exec(db, stmts[DEMO_DISPATCH_ROWS], DB_NOARGS) < 0 ||
		 db_exec(db, stmts[DEMO_STUDENT_ACCOUNTS], DB_NOARGS) < 0 ||
		 db_exec(db, stmts[DEMO_HISTORY],
			 DB_ARGS(DB_INT(first_id), DB_INT(employers / 2 ? employers / 2 : 1),
				 DB_INT(clock_year() + 1))) < 0 ||
		 db_exec(db, stmts[DEMO_CURRENT], DB_NOARGS) < 0 ||
		 db_exec(db, stmts[DEMO_SYNC], DB_NOARGS) < 0 || db_commit(db) < 0;
	if (rc) {
		db_rollback(db);
		return -1;
	}
	step("recorded the students' employment, dispatch, accounts and destinations");
	return 0;
}

struct demo_account {
	const char *role;
	const char *username;
	const char *name;
};

/* Makes one demo account unless it exists; appends its password to the accounts file. */
static int demo_account(struct app *app, FILE *out, const struct demo_account *a,
			long long student_id, long long employer_id, const char *const *items,
			const char *scope_college)
{
	long long id;
	json_t *doc = NULL;
	int found = accounts_find(app, a->username, &id);
	if (found > 0 && accounts_load(app, id, &doc) < 0)
		found = -1;
	if (found < 0)
		return cli_fail("%s", db_error(app->db));
	/* A student's account made by the import waits for activation: activate it here. */
	int pending = found && strcmp(json_string_value(json_object_get(doc, "status")), "pending") == 0;
	json_decref(doc);
	if (found && !pending) {
		printf("demo account %s exists; its password was printed when it was made\n",
		       a->username);
		return 0;
	}
	char password[17], hash[PASSWORD_HASH_MAX];
	do
		password_generate(password, 16);
	while (password_policy_check(a->username, password));
	if (password_hash(password, hash) < 0)
		return cli_fail("cannot hash a password");
	int all = strcmp(a->role, "admin") == 0 || strcmp(a->role, "superadmin") == 0;
	struct db *db = app->db;
	if (db_begin(db) < 0)
		return cli_fail("%s", db_error(db));
	int rc;
	if (pending) {
		rc = accounts_set_password(app, id, hash) < 0;
	} else {
		id = accounts_insert(app, a->username, hash, a->name, a->role, all, student_id,
				     employer_id);
		rc = id < 0;
	}
	for (const char *const *item = items; !rc && item && *item; item++)
		rc = db_exec(db, stmts[DEMO_PERMIT], DB_ARGS(DB_INT(id), DB_STR(*item))) < 0;
	if (!rc && scope_college)
		rc = db_exec(db, stmts[DEMO_SCOPE], DB_ARGS(DB_INT(id), DB_STR(scope_college))) < 0;
	if (!rc)
		rc = audit_write(app, 0, NULL, pending ? "account.activate" : "account.create",
				 "account", id, "cli", cli_request_id(), NULL) < 0;
	if (rc || db_commit(db) < 0) {
		db_rollback(db);
		return cli_fail("demo account %s: %s", a->username, db_error(db));
	}
	fprintf(out, "%s\t%s\t%s\t%s\n", a->role, a->username, password, a->name);
	return 0;
}

static int demo_accounts(struct app *app, const char *file)
{
	static const char *const advisor_items[] = {"menu.students", "menu.stats", "students.view",
						    "students.edit", "students.import",
						    "students.export", "students.review", "stats.view",
						    NULL};
	static const char *const counselor_items[] = {"menu.affairs", NULL};
	FILE *out = fopen(file, "a");
	if (!out)
		return cli_fail("cannot write %s", file);
	chmod(file, 0600);
	json_t *stu = NULL;
	int have_student = db_row(app->db, &stu, stmts[DEMO_FIRST_STUDENT],
				  DB_ARGS(DB_STR(catalogue[0].college))) == 1;
	json_t *emp = NULL;
	int have_employer = db_row(app->db, &emp, stmts[DEMO_FIRST_EMPLOYER], DB_NOARGS) == 1;
	const struct demo_account accounts[] = {
	    {"superadmin", "superadmin", "系统管理员"},
	    {"admin", "admin", "就业指导中心 王老师"},
	    {"advisor", "advisor", "计算机学院 辅导员 李老师"},
	    {"counselor", "counselor", "职业咨询师 陈老师"},
	    {"student",
	     have_student ? json_string_value(json_object_get(stu, "student_no")) : "student",
	     have_student ? json_string_value(json_object_get(stu, "name")) : "演示学生"},
	    {"employer", "hr_demo", "HR"},
	};
	int rc = 0;
	for (size_t i = 0; i < COUNT(accounts) && rc == 0; i++) {
		const struct demo_account *a = &accounts[i];
		int is_student = strcmp(a->role, "student") == 0;
		int is_employer = strcmp(a->role, "employer") == 0;
		if (is_employer && !have_employer) {
			printf("no approved employer yet: no demo employer account\n");
			continue;
		}
		rc = demo_account(app, out, a,
				  is_student && have_student ? json_integer_value(json_object_get(stu, "id")) : 0,
				  is_employer ? json_integer_value(json_object_get(emp, "id")) : 0,
				  strcmp(a->role, "advisor") == 0     ? advisor_items
				  : strcmp(a->role, "counselor") == 0 ? counselor_items
								      : NULL,
				  strcmp(a->role, "advisor") == 0 ? catalogue[0].college : NULL);
	}
	json_decref(stu);
	json_decref(emp);
	fclose(out);
	return rc;
}

static long count_option(int argc, char **argv, const char *name, long def)
{
	const char *v = cli_option(argc, argv, name);
	return v ? strtol(v, NULL, 10) : def;
}

int cli_demo_data(struct app *app, int argc, char **argv)
{
	long students = count_option(argc, argv, "--students", 2000);
	long employers = count_option(argc, argv, "--employers", 200);
	long jobs = count_option(argc, argv, "--jobs", 2 * employers);
	long applications = count_option(argc, argv, "--applications", 5 * jobs);
	long majors_wanted = count_option(argc, argv, "--majors", 0);
	graduation_years = count_option(argc, argv, "--years", 3);
	const char *file = cli_option(argc, argv, "--accounts");
	char default_file[4096];
	snprintf(default_file, sizeof default_file, "%s/demo-accounts.tsv", app->cfg->var_dir);
	if (students < 1 || employers < 1 || jobs < 0 || applications < 0)
		return cli_fail("--students and --employers must be at least 1, --jobs and "
				"--applications at least 0");
	if (graduation_years < 1 || graduation_years > 20)
		return cli_fail("--years must be from 1 to 20");
	json_t *row;
	if (db_row(app->db, &row, stmts[DEMO_MAJORS_COUNT], DB_NOARGS) < 0)
		return cli_fail("%s (run `qiao migrate` first)", db_error(app->db));
	long long have = json_integer_value(json_object_get(row, "n"));
	json_decref(row);
	if (have) {
		printf("demo data already loaded (%lld majors); skipping records\n", have);
	} else {
		step("bulk load begins");
		/* The tally triggers stand aside for the bulk load (sql/024); rebuilt once at the end. */
		if (db_exec(app->db, stmts[DEMO_BULK_LOAD], DB_ARGS(DB_INT(1))) < 0)
			return cli_fail("%s", db_error(app->db));
		if (db_begin(app->db) < 0 || load_majors(app, majors_wanted) < 0 || db_commit(app->db) < 0) {
			db_rollback(app->db);
			return cli_fail("majors: %s", db_error(app->db));
		}
		json_t *majors = db_rows(app->db, stmts[DEMO_MAJORS], DB_NOARGS);
		int rc = !majors ||
			 load_generated(app, "students",
					"student_no, name, gender, id_card, id_card_index, graduation_year, "
					"enrolment_year, level, major_id, phone, phone_index, email, "
					"origin_region_code, status",
					students, write_students, majors) ||
			 load_generated(app, "employers",
					"name, credit_code, contact_name, contact_phone, email, "
					"industry_code, unit_nature_code, region_code, size, status",
					employers, write_employers, NULL);
		json_decref(majors);
		if (!rc && jobs)
			rc = load_jobs(app, jobs);
		if (!rc && jobs && applications)
			rc = load_applications(app, applications);
		if (rc || load_destinations(app, employers) < 0 || load_events(app) < 0 ||
		    db_exec(app->db, stmts[DEMO_BULK_LOAD], DB_ARGS(DB_NULLV)) < 0 || tallies_rebuild(app) < 0)
			return cli_fail("demo data: %s", db_error(app->db));
		step("counted the tallies");
		/* A bulk load leaves the optimizer's statistics behind the data: refresh them, as
		 * InnoDB would after enough ordinary writes. */
		json_t *analyzed = db_rows(app->db, stmts[DEMO_ANALYZE], DB_NOARGS);
		if (!analyzed)
			return cli_fail("analyze: %s", db_error(app->db));
		json_decref(analyzed);
		step("refreshed the optimizer's statistics");
	}
	return demo_accounts(app, file ? file : default_file);
}

<?php
// jobs.php: the benchmark's peer for GET /api/v1/jobs, written the way most campus systems
// are: PHP-FPM, a PDO connection per request, the same two queries as ours, JSON out.
// Used only by scripts/bench; never deployed.
$pdo = new PDO('mysql:unix_socket=' . $_SERVER['QIAO_DB_SOCKET'] . ';dbname=' . $_SERVER['QIAO_DB_NAME'] . ';charset=utf8mb4',
               $_SERVER['QIAO_DB_USER'], $_SERVER['QIAO_DB_PASSWORD'],
               [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION, PDO::ATTR_EMULATE_PREPARES => false]);
$page = max(1, (int)($_GET['page'] ?? 1));
$per = min(200, max(1, (int)($_GET['per_page'] ?? 20)));
$q = ($_GET['q'] ?? '') === '' ? null : $_GET['q'];
$city = ($_GET['city'] ?? '') === '' ? null : $_GET['city'];
$major = ($_GET['major'] ?? '') === '' ? null : $_GET['major'];
$like = $q === null ? null : '%' . addcslashes($q, '%_\\') . '%';
$from = " FROM jobs j JOIN employers e ON e.id = j.employer_id AND e.status IN ('approved', 'rereview')"
      . " WHERE j.status = 'approved' AND (? IS NULL OR j.city = ?)"
      . " AND (? IS NULL OR j.title LIKE ? OR e.name LIKE ?)"
      . " AND (? IS NULL OR j.id IN (SELECT jm.job_id FROM job_majors jm WHERE jm.major = ?))";
$args = [$city, $city, $q, $like, $like, $major, $major];
$count = $pdo->prepare('SELECT COUNT(*)' . $from);
$count->execute($args);
$total = (int)$count->fetchColumn();
$list = $pdo->prepare('SELECT j.id, j.title, j.city, j.salary_min, j.salary_max, j.degree, j.headcount, '
    . 'j.deadline, j.refreshed_at, j.employer_id, e.name AS employer_name, e.industry_code, '
    . '(SELECT JSON_ARRAYAGG(jm.major) FROM job_majors jm WHERE jm.job_id = j.id) AS majors'
    . $from . ' ORDER BY j.refreshed_at DESC, j.id DESC LIMIT ' . $per . ' OFFSET ' . (($page - 1) * $per));
$list->execute($args);
$rows = $list->fetchAll(PDO::FETCH_ASSOC);
foreach ($rows as &$r) {
    $r['majors'] = json_decode($r['majors'] ?? '[]');
}
header('Content-Type: application/json; charset=utf-8');
echo json_encode(['data' => $rows, 'meta' => ['page' => $page, 'per_page' => $per, 'total' => $total]],
                 JSON_UNESCAPED_UNICODE);

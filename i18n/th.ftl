# acr-health, Thai (th). Translated from template.ftl (the English source);
# every id and every { $variable } is kept (i18n/GUIDE.md).

## The text report: error lines, summary, closing pointer

report-error-occurred = เกิดข้อผิดพลาด: { $code }
report-reason = สาเหตุ: { $reason }
report-what-to-do = สิ่งที่ควรทำ:
report-explain-error = เรียกใช้ 'acr-health explain { $code }' เพื่อดูสาเหตุและวิธีแก้ไข
report-explain-warning = เรียกใช้ 'acr-health explain { $code }' เพื่อดูรายละเอียดเพิ่มเติม
report-error-link = ดูข้อมูลเพิ่มเติมได้ที่ { $link }
report-skipped = ข้าม: { $title } ({ $why })
report-skipped-default = ถูกข้าม
report-count-passed =
    { $count ->
       *[other] ผ่าน { $count } รายการ
    }
report-count-info =
    { $count ->
       *[other] ข้อมูล { $count } รายการ
    }
report-count-warnings =
    { $count ->
       *[other] คำเตือน { $count } รายการ
    }
report-count-errors =
    { $count ->
       *[other] ข้อผิดพลาด { $count } รายการ
    }
report-count-skipped =
    { $count ->
       *[other] ข้าม { $count } รายการ
    }
report-list-separator = {", "}
report-summary = acr-health { $version } ทำงานเสร็จเมื่อ { $time } ใช้เวลา { $seconds } วินาที: { $counts }
report-interrupted = ถูกขัดจังหวะด้วย { $signal }: หยุดการตรวจสอบที่ยังทำงานอยู่แล้ว รวมถึงทุกโปรแกรมที่การตรวจสอบเหล่านั้นเปิดขึ้นมา
report-stopped-each = แต่ละรีจิสทรีหยุดที่ข้อผิดพลาดแรกของตัวเอง ใช้ --ignore-errors หากต้องการรันการตรวจสอบทั้งหมด
report-stopped = หยุดที่ข้อผิดพลาดแรก ใช้ --ignore-errors หากต้องการรันการตรวจสอบทั้งหมด
report-closing = ดูข้อมูลเพิ่มเติมได้ที่ { $link }

## -o markdown: heading, table columns, summary

markdown-heading = รายงาน acr-health
markdown-meta = acr-health { $version } · เริ่มเมื่อ { $started } · { $seconds } วินาที · รีจิสทรี: { $registries }
markdown-no-registries = ไม่มี
markdown-column-check = การตรวจสอบ
markdown-column-status = สถานะ
markdown-column-result = ผลลัพธ์
markdown-column-ms = ms
markdown-summary = ผ่าน { $passed }, คำเตือน { $warnings }, ข้อผิดพลาด { $errors }, ข้าม { $skipped }
markdown-stopped = (หยุดที่ข้อผิดพลาดแรก)

## A check's status in words (the markdown table's status column)

status-ok = ผ่าน
status-info = ข้อมูล
status-warning = คำเตือน
status-error = ข้อผิดพลาด
status-skipped = ข้าม

## acr-health explain CODE

explain-extension = (ส่วนขยายของ acr-health)
explain-message = ข้อความ:
explain-az-message = ข้อความตามที่ az และ -o az แสดง (ภาษาอังกฤษ):
explain-causes = สาเหตุที่เป็นไปได้:
explain-fixes = สิ่งที่ควรทำ:
explain-more = เพิ่มเติม: { $link }

## acr-health codes

codes-extension = (ส่วนขยาย)

## The docs/errors.<lang>.md page

errors-doc-heading = รหัสข้อผิดพลาด
errors-doc-intro = รหัสทั้งหมดที่ acr-health รายงานได้ รหัสที่ระบุว่าเป็นส่วนขยายเป็นรหัสของโปรเจกต์นี้เอง ส่วนรหัสอื่นเป็นไปตามเอกสารอ้างอิงข้อผิดพลาดของการตรวจสอบสถานะ Azure Container Registry คำสั่ง { $command } แสดงข้อความเดียวกันนี้ได้แม้ไม่ได้เชื่อมต่อเครือข่าย
errors-doc-column-code = รหัส
errors-doc-column-title = ชื่อ
errors-doc-column-kind = ประเภท
errors-doc-kind-extension = ส่วนขยาย
errors-doc-kind-reference = อ้างอิง
errors-doc-reference = เอกสารอ้างอิง: { $link }

## The spinner on a terminal, and --wait's notes (stderr)

spinner-starting = กำลังเริ่ม
spinner-running = ยังทำงานอยู่: { $titles }
spinner-attempt-failed = ลองครั้งที่ { $attempt } ไม่สำเร็จ กำลังลองใหม่ เหลือเวลา { $left }
spinner-attempt-failed-code = ลองครั้งที่ { $attempt } ไม่สำเร็จ ({ $code }) กำลังลองใหม่ เหลือเวลา { $left }
spinner-next-attempt = { $note } (ลองครั้งถัดไปในอีก { $pause })

## Check titles

check-configuration = การกำหนดค่า
check-arguments = อาร์กิวเมนต์
check-environment = การตรวจสอบสภาพแวดล้อม
check-docker = การตรวจสอบ Docker
check-docker-command = คำสั่ง Docker
check-docker-daemon = ดีมอน Docker
check-docker-version = เวอร์ชัน Docker
check-docker-pull = การดึงด้วย Docker
check-docker-daemon-settings = การตั้งค่าดีมอน Docker
check-tool-version = เวอร์ชัน acr-health
check-connection-verification = การตรวจสอบการเชื่อมต่อ
check-node = โหนด Kubernetes
check-node-config = การกำหนดค่าโหนด
check-node-credential-provider = ผู้ให้บริการข้อมูลรับรองของ kubelet
check-registry = รีจิสทรี
check-registry-login-server = เซิร์ฟเวอร์การเข้าสู่ระบบ
check-registry-dns = การค้นหา DNS
check-registry-challenge = ปลายทาง challenge
check-registry-network-access = การเข้าถึงเครือข่าย
check-registry-settings = การตั้งค่ารีจิสทรี
check-registry-credential = ข้อมูลรับรอง
check-node-kubelet-identity = ข้อมูลประจำตัวของ kubelet
check-registry-refresh-token = โทเค็นการรีเฟรช
check-registry-access-token = โทเค็นการเข้าถึง
check-registry-data-path = เส้นทางข้อมูล
check-node-containerd-hosts = โฮสต์รีจิสทรีของ containerd
check-node-containerd-pull = การดึงด้วย containerd
check-registry-replications = การจำลองแบบตามภูมิศาสตร์
check-registry-data-endpoints = ปลายทางข้อมูล
check-registry-regional-endpoints = ปลายทางระดับภูมิภาค
check-registry-dual-stack = ดูอัลสแตก (IPv4/IPv6)
check-registry-cmk = ข้อมูลประจำตัวสำหรับ CMK
check-registry-docker-login = การเข้าสู่ระบบด้วย Docker
check-registry-docker-route = เส้นทางของดีมอน Docker
check-vnet = DNS ของปลายทางส่วนตัว
check-vnet-private-endpoint = DNS ของปลายทางส่วนตัว
check-helm = การตรวจสอบ Helm
check-helm-command = คำสั่ง Helm
check-helm-version = เวอร์ชัน Helm
check-notary = การตรวจสอบ Notary
check-notary-version = เวอร์ชัน Notary
title-clock-skew = นาฬิกาคลาดเคลื่อน

## Message templates besides the codes' own

msg-failed-command = เรียกใช้คำสั่ง '{ $cmd }' ไม่สำเร็จ { $stderr }
msg-helm-retrieve-failed = เกิดข้อผิดพลาดขณะอ่านเวอร์ชันของ Helm ตรวจสอบว่าใช้ Azure CLI เวอร์ชันล่าสุด และใช้ Helm เวอร์ชันที่แนะนำ
msg-notary-retrieve-failed = เกิดข้อผิดพลาดขณะอ่านเวอร์ชันของ notary ตรวจสอบว่าใช้ Azure CLI เวอร์ชันล่าสุด และใช้ notary เวอร์ชันที่แนะนำ
msg-lacking-permissions = คุณมีสิทธิ์ { $granted } ในที่เก็บนี้ แต่ยังขาดสิทธิ์ { $missing } ตรวจสอบว่าคุณมีสิทธิ์อ่าน เขียน และลบในที่เก็บของรีจิสทรีนี้ครบทั้งหมด
msg-lacking-all-permissions = คุณไม่มีสิทธิ์ใดในที่เก็บนี้เลย สิทธิ์ที่ขาดคือ { $missing } ตรวจสอบว่าคุณมีสิทธิ์อ่าน เขียน และลบในที่เก็บของรีจิสทรีนี้ครบทั้งหมด
msg-data-endpoint = รีจิสทรี '{ $ls }' ให้บริการเลเยอร์จากปลายทางข้อมูล '{ $endpoint }' ซึ่งเข้าถึงจากที่นี่ไม่ได้ การดึงเนื้อหาที่จัดเก็บไว้ที่นั่นจึงจะล้มเหลว { $reason }

## Error codes: title, meaning, message, causes, what to do

# DOCKER_COMMAND_ERROR (a reference code: -o az keeps az's English message)
docker-command-error-title = ใช้ไคลเอ็นต์ Docker ไม่ได้
docker-command-error-meaning = ไม่พบไคลเอ็นต์ docker ที่ใช้งานได้ จึงรันการตรวจสอบ docker ไม่ได้เลยสักรายการ
docker-command-error-message = ตรวจสอบว่าติดตั้งไคลเอ็นต์ Docker แล้วและใช้งานได้
docker-command-error-cause-1 = ไม่ได้ติดตั้ง docker (หรือ podman) หรือไม่อยู่ใน PATH ของเชลล์นี้
docker-command-error-cause-2 = DOCKER_COMMAND ระบุโปรแกรมที่ไม่มีอยู่จริง
docker-command-error-cause-3 = docker ที่พบมีเพียงตัวที่อยู่ในไดเรกทอรีปัจจุบัน ซึ่ง acr-health ไม่ยอมเรียกใช้
docker-command-error-fix-1 = ติดตั้งไคลเอ็นต์ docker หรือเพิ่มไดเรกทอรีของไคลเอ็นต์ลงใน PATH
docker-command-error-fix-2 = หากใช้ไคลเอ็นต์อื่น ให้ตั้งค่า DOCKER_COMMAND เป็นพาธแบบสัมบูรณ์ของไคลเอ็นต์นั้น
docker-command-error-fix-3 = ในพ็อดหรืองาน CI ที่ไม่มี docker ให้ใช้ --skip docker

# DOCKER_DAEMON_ERROR (a reference code: -o az keeps az's English message)
docker-daemon-error-title = เข้าถึงดีมอน Docker ไม่ได้
docker-daemon-error-meaning = ไคลเอ็นต์ docker ทำงานได้ แต่ติดต่อกับดีมอน docker ไม่ได้
docker-daemon-error-message = ตรวจสอบว่าดีมอน Docker กำลังทำงานอยู่ หรือลองรีสตาร์ตดีมอน
docker-daemon-error-cause-1 = ยังไม่ได้เริ่มดีมอน (dockerd, Docker Desktop)
docker-daemon-error-cause-2 = DOCKER_HOST หรือบริบท docker ปัจจุบันชี้ไปยังซ็อกเก็ตที่ไม่มีโปรแกรมใดรอรับการเชื่อมต่อ
docker-daemon-error-cause-3 = ผู้ใช้ของคุณไม่มีสิทธิ์เปิดซ็อกเก็ตของดีมอน (ไม่ได้อยู่ในกลุ่ม docker)
docker-daemon-error-fix-1 = เริ่มดีมอน (เช่น `sudo systemctl start docker` หรือเปิด Docker Desktop)
docker-daemon-error-fix-2 = ตรวจสอบว่า `docker context ls` และ DOCKER_HOST ชี้ไปยังดีมอนที่คุณต้องการ
docker-daemon-error-fix-3 = บน Linux ให้เพิ่มผู้ใช้ของคุณลงในกลุ่ม docker แล้วเข้าสู่ระบบใหม่

# DOCKER_VERSION_ERROR (a reference code: -o az keeps az's English message)
docker-version-error-title = อ่านเวอร์ชัน Docker ไม่ได้
docker-version-error-meaning = `docker version` ล้มเหลว หรือแสดงผลในรูปแบบที่ acr-health อ่านไม่ออก
docker-version-error-message = เกิดข้อผิดพลาดขณะอ่านเวอร์ชันของ Docker ลองตรวจสอบเวอร์ชันด้วยตนเอง
docker-version-error-cause-1 = ไคลเอ็นต์ docker เสียหายหรือเก่ามาก
docker-version-error-cause-2 = สคริปต์ครอบ (wrapper) ที่ใช้แทน docker ไม่รู้จัก --format
docker-version-error-cause-3 = คำสั่งค้างจนถูกหยุดเมื่อหมดเวลา
docker-version-error-fix-1 = รันคำสั่งที่แสดงด้านบนด้วยตนเอง แล้วอ่านข้อผิดพลาดที่ได้
docker-version-error-fix-2 = ติดตั้งใหม่หรืออัปเกรดไคลเอ็นต์ docker

# DOCKER_PULL_ERROR (a reference code: -o az keeps az's English message)
docker-pull-error-title = ทดสอบดึงอิมเมจด้วย Docker ไม่สำเร็จ
docker-pull-error-meaning = ดีมอน docker ดึงอิมเมจทดสอบขนาดเล็กไม่ได้ การดึงจากรีจิสทรีใดก็ตามจึงอาจล้มเหลว
docker-pull-error-message = เกิดข้อผิดพลาดขณะดึงอิมเมจตัวอย่าง ตรวจสอบการเชื่อมต่อเครือข่าย และตรวจสอบว่าดีมอน Docker ทำงานเป็นปกติ
docker-pull-error-cause-1 = ดีมอนไม่มีเส้นทางไปยังอินเทอร์เน็ตหรือไปยังรีจิสทรีของอิมเมจ
docker-pull-error-cause-2 = เครือข่ายต้องใช้พร็อกซี แต่ดีมอนไม่ได้ตั้งค่าพร็อกซีไว้
docker-pull-error-cause-3 = ดิสก์ของดีมอนเต็ม หรือไม่มีอิมเมจตามชื่อที่ระบุด้วย --pull-image
docker-pull-error-fix-1 = อ่านข้อผิดพลาดของ docker เองด้านบน ซึ่งมักระบุโฮสต์หรือสาเหตุไว้
docker-pull-error-fix-2 = หากอยู่หลังพร็อกซี ให้กำหนดค่าพร็อกซีให้ดีมอนด้วย (ไม่ใช่เฉพาะในเชลล์ของคุณ)
docker-pull-error-fix-3 = ลองรัน `docker pull` กับอิมเมจเดียวกันด้วยตนเองเพื่อดูว่าเกิดปัญหาซ้ำหรือไม่

# HELM_COMMAND_ERROR (a reference code: -o az keeps az's English message)
helm-command-error-title = ไม่พบไคลเอ็นต์ Helm
helm-command-error-meaning = ไม่พบไคลเอ็นต์ helm ใน PATH
helm-command-error-message = ตรวจสอบว่าติดตั้ง Helm แล้ว
helm-command-error-cause-1 = ไม่ได้ติดตั้ง helm หรือไม่อยู่ใน PATH ของเชลล์นี้
helm-command-error-fix-1 = ติดตั้ง helm 3 หากคุณพุชหรือดึงชาร์ต
helm-command-error-fix-2 = หากไม่ได้ใช้ helm ให้ใช้ --skip helm

# HELM_VERSION_ERROR (a reference code: -o az keeps az's English message)
helm-version-error-title = ไคลเอ็นต์ Helm เก่าเกินไป
helm-version-error-meaning = รหัสเดียวใช้กับสองปัญหาตามแบบที่ az ใช้: `helm version --client` ล้มเหลว หรือไคลเอ็นต์ helm ที่รายงานมาเก่ากว่า 2.11.0
helm-version-error-message = ไม่แนะนำให้ใช้ไคลเอ็นต์ Helm เวอร์ชันปัจจุบัน อัปเกรดไคลเอ็นต์ Helm เป็นเวอร์ชัน 2.11.0 ขึ้นไป
helm-version-error-cause-1 = ไคลเอ็นต์ helm 2 รุ่นเก่า
helm-version-error-cause-2 = `helm version --client` ล้มเหลว
helm-version-error-fix-1 = หากข้อความระบุว่าคำสั่งล้มเหลว ให้รัน `helm version --client` ด้วยตนเอง ข้อความที่ตามหลังคำสั่งคือข้อผิดพลาดของ helm เอง
helm-version-error-fix-2 = หากไคลเอ็นต์เก่ากว่า 2.11.0 ให้อัปเกรด helm (helm 3 สื่อสารกับรีจิสทรีผ่าน OCI ได้โดยตรง)

# NOTARY_VERSION_ERROR (a reference code: -o az keeps az's English message)
notary-version-error-title = ไคลเอ็นต์ Notary เข้ากันไม่ได้
notary-version-error-meaning = ไคลเอ็นต์ notary ไม่ใช่เวอร์ชันที่ทราบว่าใช้กับ docker content trust ได้ (0.6.0) หรือ `notary version` ล้มเหลว
notary-version-error-message =
    ไม่แนะนำให้ใช้ notary เวอร์ชันปัจจุบัน ให้{ $direction ->
        [upgrade] อัปเกรด
       *[downgrade] ดาวน์เกรด
    }ไคลเอ็นต์ notary เป็นเวอร์ชัน 0.6.0
notary-version-error-cause-1 = มีไบนารี notary ที่เก่ากว่าหรือใหม่กว่าอยู่ก่อนใน PATH
notary-version-error-cause-2 = notary ที่บิลด์มาแบบไม่รายงานเวอร์ชันของตัวเอง
notary-version-error-fix-1 = ติดตั้ง notary 0.6.0 หรือนำไบนารีตัวอื่นออกจาก PATH ดาวน์โหลดบิลด์สำหรับทุกแพลตฟอร์มได้จากหน้ารุ่นเผยแพร่ของโปรเจกต์: https://github.com/notaryproject/notary/releases
notary-version-error-fix-2 = บน Windows นั้น docker จะพบไคลเอ็นต์ก็ต่อเมื่อเป็นไฟล์ `notary.exe` ในโฟลเดอร์เดียวกับไบนารีของ docker เอง (สำหรับ Docker Desktop มักเป็น `C:\Program Files\Docker\Docker\resources\bin`): ดาวน์โหลดบิลด์สำหรับ Windows เปลี่ยนชื่อเป็น `notary.exe` แล้ววางไว้ในโฟลเดอร์นั้น
notary-version-error-fix-3 = กฎนี้กำหนดให้เป็น 0.6.0 เท่านั้น ไม่ใช่เวอร์ชันขั้นต่ำ ไคลเอ็นต์ที่ใหม่กว่าจึงถูกแจ้งเตือนเช่นกัน ที่ az ใช้กฎนี้ก็เพราะ notary 0.6.1 ทำให้การรับรองความถูกต้องของการดำเนินการระยะไกลกับเซิร์ฟเวอร์ความน่าเชื่อถือ (trust server) ใช้งานไม่ได้
notary-version-error-fix-4 = Docker Content Trust ซึ่ง notary ทำงานให้นั้นเลิกใช้แล้ว หากจะเริ่มลงนามอิมเมจใหม่ ให้ใช้ Notation (Notary Project v2) หากคุณไม่ได้ลงนามอิมเมจด้วย docker content trust ให้ใช้ --skip notary

# CMK_ERROR (a reference code: -o az keeps az's English message)
cmk-error-title = ไม่พบข้อมูลประจำตัวสำหรับการเข้ารหัส
cmk-error-meaning = รีจิสทรีเข้ารหัสด้วยคีย์ที่ลูกค้าจัดการ และเข้าถึง Key Vault ผ่านข้อมูลประจำตัวที่มีการจัดการซึ่งไม่มีอยู่แล้ว รีจิสทรีจึงเข้าถึงคีย์ของตัวเองไม่ได้
cmk-error-message = ไม่มีข้อมูลประจำตัวที่ใช้เข้ารหัสรีจิสทรี '{ $name }' อยู่จริง
cmk-error-cause-1 = ข้อมูลประจำตัวที่ผู้ใช้กำหนดถูกลบไปแล้ว
cmk-error-cause-2 = ข้อมูลประจำตัวถูกนำออกจากรีจิสทรี ขณะที่การตั้งค่าการเข้ารหัสยังอ้างอิงถึงอยู่
cmk-error-fix-1 = สร้างข้อมูลประจำตัวที่ระบุในการตั้งค่าการเข้ารหัสของรีจิสทรีขึ้นใหม่ หรือกำหนดให้รีจิสทรีอีกครั้ง
cmk-error-fix-2 = ให้สิทธิ์ get/wrapKey/unwrapKey กับคีย์ใน Key Vault แก่ข้อมูลประจำตัวนั้นอีกครั้ง
cmk-error-fix-3 = รีจิสทรีเข้าถึง Key Vault ได้ทั้งด้วยข้อมูลประจำตัวที่ระบบกำหนดของรีจิสทรีเอง และด้วยข้อมูลประจำตัวที่ผู้ใช้กำหนด ใช้แบบใดก็ได้ เมื่อข้อมูลประจำตัวนั้นมีสิทธิ์เข้าถึงคีย์แล้ว
cmk-error-fix-4 = หากต้องการเปลี่ยนไปใช้ข้อมูลประจำตัวอื่น ให้หมุนเวียนคีย์และระบุข้อมูลประจำตัวนั้นในขั้นตอนเดียวกัน (`az acr encryption rotate-key --identity <client id or [system]>`)

# CONNECTIVITY_DNS_ERROR (a reference code: -o az keeps az's English message)
connectivity-dns-error-title = การค้นหา DNS ล้มเหลว
connectivity-dns-error-meaning = แปลงชื่อของรีจิสทรีเป็นที่อยู่ไม่ได้
connectivity-dns-error-message = เข้าถึง DNS สำหรับรีจิสทรี '{ $ls }' ไม่ได้ ตรวจสอบว่าสะกดชื่อถูกต้อง สภาพแวดล้อม CLI ใช้คลาวด์ที่ถูกต้อง และการเชื่อมต่อเครือข่ายใช้งานได้
connectivity-dns-error-cause-1 = สะกดชื่อรีจิสทรีผิด หรือใช้คลาวด์ผิด (.azurecr.io กับ .azurecr.cn / .azurecr.us)
connectivity-dns-error-cause-2 = เข้าถึงเซิร์ฟเวอร์ DNS ไม่ได้ เซิร์ฟเวอร์ตอบ SERVFAIL หรือหมดเวลา
connectivity-dns-error-cause-3 = โซน DNS ส่วนตัวของ privatelink.azurecr.io ไม่มีเรกคอร์ดของรีจิสทรี
connectivity-dns-error-fix-1 = ตรวจสอบชื่อและคลาวด์ (--cloud) ให้ตรงกับเซิร์ฟเวอร์การเข้าสู่ระบบของรีจิสทรี
connectivity-dns-error-fix-2 = ค้นหาชื่อด้วยตนเอง (`nslookup <login server>`) แล้วลองใช้ --dns-server กับเซิร์ฟเวอร์ DNS ที่คุณเชื่อถือ
connectivity-dns-error-fix-3 = หากใช้ปลายทางส่วนตัว ให้ตรวจสอบเรกคอร์ด A ในโซน privatelink.azurecr.io ที่ลิงก์กับเครือข่ายของคุณ
connectivity-dns-error-fix-4 = หากคุณระบุเพียงชื่อรีจิสทรี และอ่านข้อมูลรีจิสทรีจาก Azure ไม่ได้ (ไม่มีสิทธิ์อ่าน หรือใช้การสมัครใช้งานผิด) เซิร์ฟเวอร์การเข้าสู่ระบบจะถูกคาดเดาจากชื่อ: ขอสิทธิ์อ่านรีจิสทรี หรือระบุเซิร์ฟเวอร์การเข้าสู่ระบบด้วย -n

# CONNECTIVITY_FORBIDDEN_ERROR (a reference code: -o az keeps az's English message)
connectivity-forbidden-error-title = รีจิสทรีปฏิเสธการเข้าถึง
connectivity-forbidden-error-meaning = รีจิสทรีตอบ 403 ก่อนจะมีการเข้าสู่ระบบ: กฎเครือข่ายของรีจิสทรีไม่อนุญาตไคลเอ็นต์นี้
connectivity-forbidden-error-message = ดูเหมือนว่าคุณไม่มีสิทธิ์เข้าถึงรีจิสทรี '{ $ls }' หากต้องการดูกฎไฟร์วอลล์ที่กำหนดค่าไว้ ให้รัน 'az acr show --query networkRuleSet --name { $name }' รายละเอียด: https://learn.microsoft.com/azure/container-registry/container-registry-health-error-reference#connectivity_forbidden_error
connectivity-forbidden-error-cause-1 = ไฟร์วอลล์ของรีจิสทรีอนุญาตเฉพาะช่วง IP หรือเครือข่ายที่ระบุไว้ และของคุณไม่อยู่ในรายการ
connectivity-forbidden-error-cause-2 = ปิดใช้งานการเข้าถึงเครือข่ายสาธารณะอยู่ และคุณไม่ได้เชื่อมต่อผ่านปลายทางส่วนตัว
connectivity-forbidden-error-fix-1 = เพิ่ม IP ของไคลเอ็นต์ที่แสดงด้านบนลงในกฎเครือข่ายของรีจิสทรี หรือเชื่อมต่อจากเครือข่ายที่ได้รับอนุญาต
connectivity-forbidden-error-fix-2 = หากรีจิสทรีใช้ปลายทางส่วนตัว ให้ตรวจสอบว่าชื่อถูกแปลงเป็นที่อยู่ส่วนตัวเมื่อค้นหาจากที่นี่ (--vnet)

# CONNECTIVITY_CHALLENGE_ERROR (a reference code: -o az keeps az's English message)
connectivity-challenge-error-title = ไม่มี challenge สำหรับการรับรองความถูกต้อง
connectivity-challenge-error-meaning = `GET /v2/` ไม่ได้จบด้วย challenge 401 ที่รีจิสทรีทุกแห่งส่งกลับมาเพื่อเริ่มการเข้าสู่ระบบ
connectivity-challenge-error-message = รีจิสทรี '{ $ls }' ไม่ได้ส่ง challenge กลับมา
connectivity-challenge-error-cause-1 = การเชื่อมต่อถูกปฏิเสธ ถูกรีเซ็ต หรือหมดเวลา
connectivity-challenge-error-cause-2 = พร็อกซีหรือเกตเวย์ตอบกลับแทนรีจิสทรี
connectivity-challenge-error-cause-3 = เซิร์ฟเวอร์ไม่ใช่รีจิสทรีคอนเทนเนอร์
connectivity-challenge-error-fix-1 = อ่านการตอบกลับที่ได้รับ (แสดงด้านบน) เพื่อดูว่าใครเป็นผู้ตอบ
connectivity-challenge-error-fix-2 = ตรวจสอบพร็อกซี (HTTPS_PROXY / NO_PROXY) และไฟร์วอลล์ระหว่างคุณกับรีจิสทรี
connectivity-challenge-error-fix-3 = หากไม่มีสิ่งใดระหว่างคุณกับรีจิสทรีเป็นต้นเหตุ บริการอาจมีปัญหาชั่วคราว: ลองอีกครั้งในอีกไม่กี่นาที
connectivity-challenge-error-fix-4 = หากยังล้มเหลวต่อเนื่อง ให้รายงานปัญหาของบริการโดยเปิดคำขอการสนับสนุนสำหรับรีจิสทรีในพอร์ทัล Azure (Help + support)

# CONNECTIVITY_AAD_LOGIN_ERROR (a reference code: -o az keeps az's English message)
connectivity-aad-login-error-title = รีจิสทรีนี้ไม่รองรับการเข้าสู่ระบบด้วย AAD
connectivity-aad-login-error-meaning = challenge ของรีจิสทรีไม่ใช่ challenge แบบ Bearer ที่มี realm และ service จึงเข้าสู่ระบบด้วยโทเค็นไม่ได้
connectivity-aad-login-error-message = รีจิสทรี '{ $ls }' ไม่รองรับการเข้าสู่ระบบด้วย AAD
connectivity-aad-login-error-cause-1 = เซิร์ฟเวอร์เป็นรีจิสทรีที่รองรับเฉพาะการรับรองความถูกต้องแบบ Basic (ไม่ใช่รีจิสทรีของ Azure)
connectivity-aad-login-error-cause-2 = มีบางอย่างระหว่างทางเขียนส่วนหัว WWW-Authenticate ใหม่
connectivity-aad-login-error-fix-1 = ตรวจสอบว่าชื่อชี้ไปยังรีจิสทรีคอนเทนเนอร์ของ Azure
connectivity-aad-login-error-fix-2 = สำหรับรีจิสทรีที่ใช้การรับรองความถูกต้องแบบ Basic ให้ทดสอบด้วย `docker login` แทน
connectivity-aad-login-error-fix-3 = อีกทางเลือกหนึ่งนอกจาก Entra ID คือเปิดใช้งานผู้ใช้ผู้ดูแลระบบของรีจิสทรี แล้วเข้าสู่ระบบด้วยข้อมูลรับรองของผู้ใช้นั้น (-u/-p ในเครื่องมือนี้ หรือ `docker login`)

# CONNECTIVITY_REFRESH_TOKEN_ERROR (a reference code: -o az keeps az's English message)
connectivity-refresh-token-error-title = โทเค็นการรีเฟรชถูกปฏิเสธ
connectivity-refresh-token-error-meaning = รีจิสทรีไม่ยอมแลกโทเค็น Entra ID เป็นโทเค็นการรีเฟรชของรีจิสทรี
connectivity-refresh-token-error-message = การเข้าถึงรีจิสทรี '{ $ls }' ถูกปฏิเสธ รหัสการตอบกลับ: { $status } ลองรัน 'az login' อีกครั้งเพื่อรีเฟรชสิทธิ์
connectivity-refresh-token-error-cause-1 = ข้อมูลประจำตัวไม่มีบทบาทใดบนรีจิสทรี (AcrPull หรือสูงกว่า)
connectivity-refresh-token-error-cause-2 = โทเค็น Entra ID เป็นของผู้เช่ารายอื่น หมดอายุแล้ว หรือออกให้ audience ที่ไม่ถูกต้อง
connectivity-refresh-token-error-cause-3 = รีจิสทรีปิดใช้งานการรับรองความถูกต้องด้วย AAD (โทเค็นที่มี audience เป็น ARM)
connectivity-refresh-token-error-fix-1 = กำหนดบทบาทบนรีจิสทรีให้ข้อมูลประจำตัวที่ระบุด้านบน เช่น AcrPull
connectivity-refresh-token-error-fix-2 = ขอโทเค็นใหม่ (เข้าสู่ระบบอีกครั้ง หรือตรวจสอบผู้เช่าของบริการหลัก)

# CONNECTIVITY_ACCESS_TOKEN_ERROR (a reference code: -o az keeps az's English message)
connectivity-access-token-error-title = โทเค็นการเข้าถึงถูกปฏิเสธ
connectivity-access-token-error-meaning = รีจิสทรีไม่ยอมออกโทเค็นการเข้าถึงสำหรับขอบเขตที่ร้องขอ หรืออนุญาตการดำเนินการน้อยกว่าที่ขอ
connectivity-access-token-error-message = การเข้าถึงรีจิสทรี '{ $ls }' ถูกปฏิเสธ รหัสการตอบกลับ: { $status } ลองรัน 'az login' อีกครั้งเพื่อรีเฟรชสิทธิ์
connectivity-access-token-error-cause-1 = บทบาทของข้อมูลประจำตัวไม่ครอบคลุมการดำเนินการที่ร้องขอ
connectivity-access-token-error-cause-2 = โทเค็นที่มีขอบเขตระดับที่เก็บ หรือแมปขอบเขต (scope map) จำกัดสิ่งที่ทำได้
connectivity-access-token-error-cause-3 = ชื่อผู้ใช้หรือรหัสผ่านของผู้ดูแลระบบไม่ถูกต้อง
connectivity-access-token-error-fix-1 = เปรียบเทียบการดำเนินการที่ได้รับอนุญาตและที่ขาดไปด้านบนกับบทบาทที่คุณคาดไว้
connectivity-access-token-error-fix-2 = กำหนดบทบาทที่ครอบคลุมการดำเนินการเหล่านั้น (AcrPush สำหรับการพุช AcrDelete สำหรับการลบ)

# CONNECTIVITY_SSL_ERROR (a reference code: -o az keeps az's English message)
connectivity-ssl-error-title = แฮนด์เชค TLS ล้มเหลว
connectivity-ssl-error-meaning = สร้างการเชื่อมต่อ TLS ที่เชื่อถือได้ไปยังรีจิสทรีไม่ได้
connectivity-ssl-error-message = สร้างการเชื่อมต่อที่ปลอดภัยไปยังรีจิสทรี '{ $ls }' ไม่ได้ คุณใช้พร็อกซีเซิร์ฟเวอร์อยู่หรือไม่
connectivity-ssl-error-cause-1 = พร็อกซีที่ตรวจสอบ TLS และใช้ใบรับรองรากที่เครื่องนี้ไม่เชื่อถือ
connectivity-ssl-error-cause-2 = ชื่อถูกแปลงไปยังเซิร์ฟเวอร์ที่แสดงใบรับรองของโฮสต์อื่น
connectivity-ssl-error-cause-3 = ใบรับรองหมดอายุ หรือเซิร์ฟเวอร์รองรับเฉพาะ TLS ที่ต่ำกว่า 1.2
connectivity-ssl-error-fix-1 = หากเครือข่ายของคุณตรวจสอบ TLS ให้ระบุใบรับรองรากของเครือข่ายด้วย --ca-cert (หรือ SSL_CERT_FILE)
connectivity-ssl-error-fix-2 = ตรวจสอบว่าชื่อถูกแปลงไปยังรีจิสทรี ไม่ใช่ไปยังอุปกรณ์ที่อยู่ระหว่างทาง

# CONNECTIVITY_TOOMANYREQUESTS_ERROR (a reference code: -o az keeps az's English message)
connectivity-toomanyrequests-error-title = ถูกควบคุมปริมาณคำขอ
connectivity-toomanyrequests-error-meaning = รีจิสทรีกำลังควบคุมปริมาณคำขอจากไคลเอ็นต์นี้ (HTTP 429)
connectivity-toomanyrequests-error-message = มีคำขอมากเกินไป การเข้าถึงรีจิสทรี '{ $ls }' ถูกปฏิเสธ รอสักครู่แล้วลองอีกครั้ง
connectivity-toomanyrequests-error-cause-1 = ไคลเอ็นต์หรือไปป์ไลน์จำนวนมากเข้าสู่ระบบพร้อมกัน
connectivity-toomanyrequests-error-cause-2 = ลูปที่ลองใหม่ต่อเนื่องโดยไม่เว้นช่วง
connectivity-toomanyrequests-error-fix-1 = รอตามเวลาที่รีจิสทรีกำหนด (Retry-After ซึ่งแสดงด้านบนหากรีจิสทรีส่งมา) แล้วลองอีกครั้ง
connectivity-toomanyrequests-error-fix-2 = กระจายช่วงเวลาการเข้าสู่ระบบ และใช้โทเค็นซ้ำแทนการขอโทเค็นใหม่ทุกครั้งที่ดึง
connectivity-toomanyrequests-error-fix-3 = ขีดจำกัดคำขอขึ้นอยู่กับระดับบริการของรีจิสทรี (SKU: Basic, Standard, Premium) หากใช้งานตามปกติแล้วยังถึงขีดจำกัด ให้ย้ายรีจิสทรีไปยังระดับที่สูงขึ้น

# LOGIN_SERVER_ERROR (a reference code: -o az keeps az's English message)
login-server-error-title = ไม่ทราบเซิร์ฟเวอร์การเข้าสู่ระบบ
login-server-error-meaning = acr-health หาเซิร์ฟเวอร์การเข้าสู่ระบบของรีจิสทรีไม่ได้
login-server-error-message = เกิดข้อผิดพลาดขณะอ่านเซิร์ฟเวอร์การเข้าสู่ระบบของรีจิสทรี '{ $name }' ตรวจสอบว่าสะกดชื่อถูกต้อง สภาพแวดล้อม CLI ใช้คลาวด์ที่ถูกต้อง และคุณมีสิทธิ์ที่เหมาะสมกับรีจิสทรีนั้น
login-server-error-cause-1 = คลาวด์ไม่มีส่วนต่อท้ายของรีจิสทรีที่รู้จัก (คลาวด์แบบกำหนดเองที่ไม่ได้ระบุส่วนต่อท้ายไว้)
login-server-error-cause-2 = ไม่มีรีจิสทรีนี้ในการสมัครใช้งาน หรือคุณไม่มีสิทธิ์อ่านรีจิสทรี
login-server-error-fix-1 = ระบุเซิร์ฟเวอร์การเข้าสู่ระบบโดยตรง: -n myregistry.azurecr.io
login-server-error-fix-2 = ตรวจสอบการสะกดชื่อรีจิสทรี
login-server-error-fix-3 = ตรวจสอบว่าข้อมูลประจำตัวที่ใช้อยู่มีสิทธิ์อ่านรีจิสทรี (บทบาทอย่าง Reader บนรีจิสทรีหรือกลุ่มทรัพยากรของรีจิสทรี)
login-server-error-fix-4 = เลือกคลาวด์ที่ถูกต้องด้วย --cloud หรือลงทะเบียนส่วนต่อท้ายของคลาวด์แบบกำหนดเองใน Azure CLI หากรายการคลาวด์ของ Azure CLI เก่าเกินกว่าจะรู้จักส่วนต่อท้ายนั้น ให้อัปเดต Azure CLI (`az upgrade`)

# CREDENTIAL_ERROR (an acr-health extension)
credential-error-title = ไม่มีข้อมูลรับรองที่ใช้ได้
credential-error-meaning = ไม่มีแหล่งข้อมูลรับรองใดให้โทเค็น Entra ID ได้ (หรือไม่ได้กำหนดค่าแหล่งใดไว้เลย) จึงรันขั้นตอนการเข้าสู่ระบบไม่ได้
credential-error-message = ใช้ข้อมูลรับรองใดกับรีจิสทรี '{ $ls }' ไม่ได้เลย { $reason }
credential-error-cause-1 = ไม่ได้กำหนดค่าอะไรไว้: ไม่มี -u/-p ไม่มี ACR_HEALTH_AAD_TOKEN ไม่มีบริการหลัก ข้อมูลประจำตัวของเวิร์กโหลด หรือข้อมูลประจำตัวที่มีการจัดการ และไม่ได้เข้าสู่ระบบ Azure CLI
credential-error-cause-2 = แหล่งที่กำหนดค่าไว้ล้มเหลว เช่น ข้อมูลลับของไคลเอ็นต์ไม่ถูกต้อง (AADSTS7000215) หรือไม่รู้จักผู้เช่า
credential-error-fix-1 = ดูรายการแหล่งที่ลองใช้ด้านบน แล้วแก้ไขแหล่งที่คุณตั้งใจจะใช้
credential-error-fix-2 = สำหรับบริการหลัก ให้ตั้งค่า AZURE_TENANT_ID, AZURE_CLIENT_ID และ AZURE_CLIENT_SECRET
credential-error-fix-3 = สำหรับรีจิสทรีที่อนุญาตการดึงแบบไม่ระบุตัวตน ให้ใช้ --anonymous

# UNTRUSTED_REALM_ERROR (an acr-health extension)
untrusted-realm-error-title = realm ของโทเค็นอยู่บนโฮสต์อื่น
untrusted-realm-error-meaning = challenge ระบุบริการโทเค็นที่อยู่บนโฮสต์อื่น acr-health ส่งโทเค็นและรหัสผ่านไปยังโฮสต์ของรีจิสทรีเองเท่านั้น
untrusted-realm-error-message = รีจิสทรี '{ $ls }' ขอให้ส่งข้อมูลรับรองไปยัง '{ $realm }' ซึ่งไม่ได้อยู่บนโฮสต์ของรีจิสทรีเอง จึงไม่ได้ส่งสิ่งใดออกไป
untrusted-realm-error-cause-1 = พร็อกซีหรือเซิร์ฟเวอร์ที่ปลอมตัวเป็นรีจิสทรีตอบกลับแทน
untrusted-realm-error-cause-2 = รีเวิร์สพร็อกซีที่กำหนดค่าผิดอยู่หน้ารีจิสทรีที่โฮสต์เอง
untrusted-realm-error-fix-1 = ตรวจสอบว่าชื่อของรีจิสทรีถูกแปลงไปยังรีจิสทรีจริง ไม่ใช่ไปยังอุปกรณ์ที่อยู่ระหว่างทาง
untrusted-realm-error-fix-2 = อย่าเข้าสู่ระบบกับปลายทางนี้จนกว่าจะทราบว่าใครดูแลโฮสต์ของ realm

# INSECURE_ENDPOINT_ERROR (an acr-health extension)
insecure-endpoint-error-title = ปลายทางที่รับข้อมูลรับรองไม่ใช่ https
insecure-endpoint-error-meaning = ปลายทางที่จะได้รับข้อมูลลับหรือโทเค็น (authority ของ Entra ID, ปลายทาง ARM, ปลายทางของข้อมูลประจำตัวที่มีการจัดการ) ไม่ใช่ URL แบบ https:// ธรรมดา acr-health ไม่ส่งข้อมูลรับรองเป็นข้อความที่ไม่เข้ารหัสเด็ดขาด จึงไม่ได้ส่งคำขอใดไปยังปลายทางนั้นเลย
insecure-endpoint-error-message = { $what } '{ $url }' (จาก { $from }): { $why } ข้อมูลรับรองจะถูกส่งไปที่นั่น จึงไม่ได้ส่งสิ่งใดออกไป
insecure-endpoint-error-cause-1 = คลาวด์แบบกำหนดเองที่ลงทะเบียนใน Azure CLI (clouds.config) มีปลายทางแบบ http:// หรือมีชื่อผู้ใช้ คิวรี หรือแฟรกเมนต์อยู่ใน URL
insecure-endpoint-error-cause-2 = ปลายทางของข้อมูลประจำตัวที่มีการจัดการ (IDENTITY_ENDPOINT) ใช้ http ธรรมดาและไม่ได้อยู่บนเครื่องนี้
insecure-endpoint-error-fix-1 = แก้ไขค่าปลายทางที่แหล่งที่มาซึ่งข้อความระบุไว้ สำหรับคลาวด์แบบกำหนดเอง: `az cloud update --name <cloud> --endpoint-resource-manager https://…` (หรือ --endpoint-active-directory)
insecure-endpoint-error-fix-2 = หากบริการรองรับเฉพาะ http ธรรมดา ให้วาง TLS ไว้ด้านหน้าบริการ เพราะข้อมูลรับรองจะถูกส่งผ่าน https เท่านั้น

# PRIVATE_ENDPOINT_DNS_ERROR (an acr-health extension)
private-endpoint-dns-error-title = DNS ข้ามปลายทางส่วนตัว
private-endpoint-dns-error-meaning = ชื่อที่ปลายทางส่วนตัวของรีจิสทรีให้บริการถูกแปลงเป็นที่อยู่อื่นเมื่อค้นหาจากที่นี่ ทราฟฟิกของชื่อนั้นจึงไม่ผ่านปลายทางส่วนตัว
private-endpoint-dns-error-message = DNS ไม่ได้ชี้รีจิสทรี '{ $name }' ไปยังปลายทางส่วนตัวในเครือข่ายเสมือน '{ $vnet }' { $reason }
private-endpoint-dns-error-cause-1 = โซน DNS ส่วนตัว privatelink.azurecr.io ไม่ได้ลิงก์กับเครือข่ายเสมือนนี้
private-endpoint-dns-error-cause-2 = โซนไม่มีเรกคอร์ดของชื่อใดชื่อหนึ่งของปลายทาง (มักเป็นปลายทางข้อมูล เช่น <registry>.<region>.data.azurecr.io)
private-endpoint-dns-error-cause-3 = เซิร์ฟเวอร์ DNS แบบกำหนดเองส่งต่อชื่อไปยัง DNS สาธารณะแทนที่จะส่งไปยัง Azure DNS (168.63.129.16)
private-endpoint-dns-error-fix-1 = ลิงก์โซน privatelink.azurecr.io กับเครือข่ายเสมือน หรือเพิ่มเรกคอร์ด A ที่ขาดไปตามที่แสดงด้านบน
private-endpoint-dns-error-fix-2 = หากใช้เซิร์ฟเวอร์ DNS แบบกำหนดเอง ให้ส่งต่อ azurecr.io ไปยัง Azure DNS (168.63.129.16)
private-endpoint-dns-error-fix-3 = ตรวจสอบอีกครั้งโดยตั้งค่า --dns-server เป็นเซิร์ฟเวอร์ DNS ที่เวิร์กโหลดของคุณใช้

# IMAGE_NOT_FOUND_ERROR (an acr-health extension)
image-not-found-error-title = ไม่พบอิมเมจ
image-not-found-error-meaning = รีจิสทรีไม่มีมานิเฟสต์ของที่เก็บและแท็ก (หรือไดเจสต์) ที่ระบุด้วย --image
image-not-found-error-message = ไม่พบอิมเมจ '{ $image }' ในรีจิสทรี '{ $ls }' { $reason }
image-not-found-error-cause-1 = สะกดชื่อที่เก็บหรือแท็กผิด โดยแท็กแยกตัวพิมพ์เล็กและตัวพิมพ์ใหญ่
image-not-found-error-cause-2 = แท็กถูกลบ หรือถูกถอดแท็กโดยนโยบายการเก็บรักษาหรืองานล้างข้อมูล (purge)
image-not-found-error-cause-3 = ที่เก็บอยู่ในรีจิสทรีอื่น
image-not-found-error-fix-1 = ดูรายการที่มีอยู่: `az acr repository show-tags -n <registry> --repository <repo>`
image-not-found-error-fix-2 = ตรวจสอบการอ้างอิงอิมเมจที่การปรับใช้ของคุณใช้อยู่ให้ตรงทุกตัวอักษร รวมถึงคำนำหน้ารีจิสทรีหากมี

# DATA_PATH_ERROR (an acr-health extension)
data-path-error-title = ดาวน์โหลดเนื้อหาของอิมเมจไม่ได้
data-path-error-meaning = เซิร์ฟเวอร์การเข้าสู่ระบบตอบกลับแล้ว แต่ดาวน์โหลดเนื้อหาของอิมเมจไม่สำเร็จ โดยปกติ blob จะมาจากปลายทางข้อมูลที่แยกต่างหาก (ที่เก็บข้อมูล Blob หรือ <registry>.<region>.data.azurecr.io) ซึ่งไฟร์วอลล์ พร็อกซี หรือ DNS ส่วนตัวอาจจัดการต่างออกไป
data-path-error-message = การดึง '{ $image }' จากรีจิสทรี '{ $ls }' ล้มเหลว { $reason }
data-path-error-cause-1 = ไฟร์วอลล์หรือพร็อกซีอนุญาตเซิร์ฟเวอร์การเข้าสู่ระบบ แต่ไม่อนุญาตปลายทางข้อมูล
data-path-error-cause-2 = ปลายทางข้อมูลเฉพาะที่รีจิสทรีระบุไว้ (ภูมิภาคละหนึ่งแห่ง) แปลงชื่อไม่ได้หรือแฮนด์เชค TLS ไม่สำเร็จจากที่นี่ โดย acr-health ตรวจสอบทุกแห่งเมื่ออ่านข้อมูลรีจิสทรีจาก ARM
data-path-error-cause-3 = เมื่อใช้ปลายทางส่วนตัว ชื่อของปลายทางข้อมูลไม่มีอยู่ในโซน DNS ส่วนตัว หรือเข้าถึงไม่ได้
data-path-error-cause-4 = เปิดใช้งานปลายทางข้อมูลเฉพาะแล้ว แต่ยังไม่ได้อนุญาตไว้ในกฎไฟร์วอลล์ฝั่งไคลเอ็นต์
data-path-error-fix-1 = อนุญาตปลายทางข้อมูลที่ระบุด้านบน (รวมถึงพอร์ต 443) ในทุกที่ที่อนุญาตเซิร์ฟเวอร์การเข้าสู่ระบบไว้
data-path-error-fix-2 = หากใช้ปลายทางส่วนตัว ให้รันอีกครั้งด้วย --vnet เพื่อตรวจสอบทุกชื่อที่ปลายทางให้บริการ

# KUBELET_IDENTITY_ERROR (an acr-health extension)
kubelet-identity-error-title = ข้อมูลประจำตัวของ kubelet ลงชื่อเข้าใช้ไม่ได้
kubelet-identity-error-meaning = เมื่อใช้ --node: ข้อมูลประจำตัวที่การกำหนดค่าผู้ให้บริการคลาวด์ของโหนดมอบให้ kubelet ขอโทเค็นของรีจิสทรีไม่ได้ การดึงทุกครั้งของโหนดจากรีจิสทรีนี้จึงล้มเหลวด้วยข้อผิดพลาดการให้สิทธิ์ (ImagePullBackOff)
kubelet-identity-error-message = ข้อมูลประจำตัวของ kubelet ({ $identity }) ลงชื่อเข้าใช้รีจิสทรี '{ $ls }' ไม่ได้ { $reason }
kubelet-identity-error-cause-1 = ข้อมูลลับของบริการหลักใน azure.json หมดอายุหรือถูกหมุนเวียนไปแล้ว (AADSTS7000222, AADSTS7000215)
kubelet-identity-error-cause-2 = aadClientId ระบุแอปพลิเคชันที่ไม่มีอยู่ในผู้เช่าตามการกำหนดค่าของโหนด
kubelet-identity-error-cause-3 = ข้อมูลประจำตัวที่ผู้ใช้กำหนดซึ่งระบุใน userAssignedIdentityID ไม่ได้ถูกกำหนดให้กับ VM หรือชุดสเกลของโหนด (IMDS ตอบว่า 'Identity not found')
kubelet-identity-error-cause-4 = รีจิสทรีไม่ยอมรับรหัสผ่านของบริการหลัก แม้ว่าโทเค็น Entra ID ของข้อมูลประจำตัวนั้นจะดึงได้
kubelet-identity-error-fix-1 = สำหรับบริการหลัก ให้สร้างข้อมูลลับใหม่ให้คลัสเตอร์ (`az aks update-credentials --reset-service-principal`) ซึ่งจะเขียน azure.json ใหม่บนทุกโหนด
kubelet-identity-error-fix-2 = สำหรับข้อมูลประจำตัวที่มีการจัดการ ให้ตรวจสอบว่าข้อมูลประจำตัวใน userAssignedIdentityID ถูกกำหนดให้กับชุดสเกลของกลุ่มโหนดแล้ว
kubelet-identity-error-fix-3 = หลังแก้ไขแล้ว ให้รันอีกครั้งด้วย --node บนโหนดนั้น สาเหตุด้านบนระบุคำตอบที่แต่ละบริการส่งกลับมา

# KUBELET_ACRPULL_ERROR (an acr-health extension)
kubelet-acrpull-error-title = ข้อมูลประจำตัวของ kubelet ไม่มีสิทธิ์ดึง
kubelet-acrpull-error-meaning = เมื่อใช้ --node: Entra ID ยอมรับข้อมูลประจำตัวของ kubelet แต่รีจิสทรีไม่ให้สิทธิ์ดึง: ข้อมูลประจำตัวนั้นไม่มีบทบาท AcrPull (หรือบทบาทที่ครอบคลุม AcrPull) บนรีจิสทรีนี้
kubelet-acrpull-error-message = ข้อมูลประจำตัวของ kubelet ({ $identity }) ลงชื่อเข้าใช้ได้ แต่ไม่มีสิทธิ์ดึงจากรีจิสทรี '{ $ls }' { $reason }
kubelet-acrpull-error-cause-1 = คลัสเตอร์ไม่เคยแนบกับรีจิสทรีนี้ หรือแนบกับรีจิสทรีอื่น
kubelet-acrpull-error-cause-2 = การกำหนดบทบาท AcrPull ทำไว้กับข้อมูลประจำตัวอื่น (ข้อมูลประจำตัวของระนาบควบคุมของคลัสเตอร์ แทนที่จะเป็นข้อมูลประจำตัวของ kubelet)
kubelet-acrpull-error-cause-3 = บทบาทถูกกำหนดในขอบเขตอื่น (รีจิสทรีหรือกลุ่มทรัพยากรอื่น) หรือเพิ่งกำหนดไปไม่นาน (การกำหนดบทบาทใช้เวลาหลายนาทีจึงจะมีผล)
kubelet-acrpull-error-cause-4 = รีจิสทรีใช้สิทธิ์ระดับที่เก็บ (ABAC) และข้อมูลประจำตัวไม่มีบทบาทที่ครอบคลุมที่เก็บนี้
kubelet-acrpull-error-fix-1 = แนบรีจิสทรีกับคลัสเตอร์ (`az aks update -n <cluster> -g <group> --attach-acr <registry>`) หรือกำหนดบทบาท AcrPull ให้กับ ID ไคลเอ็นต์ที่ระบุด้านบน โดยใช้ ID ทรัพยากรของรีจิสทรีเป็นขอบเขต
kubelet-acrpull-error-fix-2 = รอสักสองสามนาทีหลังการกำหนดบทบาทใหม่ แล้วรันอีกครั้งด้วย --node

# CONTAINERD_CONFIG_ERROR (an acr-health extension)
containerd-config-error-title = อ่านการกำหนดค่ารีจิสทรีของ containerd ไม่ได้
containerd-config-error-meaning = เมื่อใช้ --node: อ่านหรือแยกวิเคราะห์ไฟล์การกำหนดค่าของ containerd หรือ hosts.toml ในไดเรกทอรีโฮสต์ของรีจิสทรีไม่ได้ containerd จึงเข้าถึงรีจิสทรีตามที่กำหนดค่าไว้ไม่ได้
containerd-config-error-message = ใช้การกำหนดค่ารีจิสทรีของ containerd สำหรับ '{ $ls }' ไม่ได้ { $reason }
containerd-config-error-cause-1 = ไวยากรณ์ TOML ผิดพลาดใน /etc/containerd/config.toml หรือใน hosts.toml ภายใต้ config_path
containerd-config-error-cause-2 = ค่าผิดชนิด (เป็นตัวเลขในตำแหน่งที่ containerd ต้องการสตริงหรือรายการ)
containerd-config-error-cause-3 = เวอร์ชันการกำหนดค่าที่ containerd ไม่รองรับ
containerd-config-error-fix-1 = แก้ไขไฟล์ที่ระบุด้านบน ใช้ `containerd config dump` เพื่อดูว่า containerd อ่านการกำหนดค่าของตัวเองออกมาเป็นอย่างไร
containerd-config-error-fix-2 = รีสตาร์ต containerd หลังแก้ไข config.toml (ไฟล์ hosts.toml จะถูกอ่านใหม่ทุกครั้งที่ดึง)

# CONTAINERD_PULL_ERROR (an acr-health extension)
containerd-pull-error-title = การดึงผ่าน containerd ล้มเหลว
containerd-pull-error-meaning = เมื่อใช้ --node และ --image: ไคลเอ็นต์ของ containerd เองดึงอิมเมจไม่ได้ เมื่อใช้ไดเรกทอรีโฮสต์ของโหนดและข้อมูลรับรองของข้อมูลประจำตัว kubelet ซึ่งใกล้เคียงกับสิ่งที่ kubelet สั่งให้ containerd ทำ
containerd-pull-error-message = การดึง '{ $image }' จากรีจิสทรี '{ $ls }' ผ่าน containerd ล้มเหลว { $reason }
containerd-pull-error-cause-1 = มิเรอร์ใน hosts.toml แสดงใบรับรองที่ไฟล์ ca ไม่ครอบคลุม หรือไฟล์ ca ไม่ถูกต้อง
containerd-pull-error-cause-2 = โหนดเข้าถึงโฮสต์ใน hosts.toml ไม่ได้เลยสักตัว หรือมีการแทนที่ (override) ที่ส่งโฮสต์ของรีจิสทรีไปที่อื่น
containerd-pull-error-cause-3 = ข้อมูลประจำตัวของ kubelet ไม่มีสิทธิ์ดึงที่เก็บนี้ (ดูการตรวจสอบข้อมูลประจำตัวของ kubelet ด้านบน)
containerd-pull-error-cause-4 = containerd ไม่ได้ทำงานอยู่ หรือ CONTAINERD_ADDRESS ไม่ได้ระบุซ็อกเก็ตของ containerd
containerd-pull-error-fix-1 = ดูในสาเหตุด้านบนว่า containerd ลองโฮสต์ใดบ้างและแต่ละโฮสต์ล้มเหลวเพราะอะไร แล้วแก้ไขรายการที่ตรงกันใน hosts.toml
containerd-pull-error-fix-2 = รันคำสั่งที่แสดงด้านบนด้วยตนเองบนโหนด เพื่อดูบันทึกฉบับเต็มของ containerd (เพิ่ม --http-dump เพื่อดูทุกคำขอ)

# SLOW_TLS_HANDSHAKE_WARNING (an acr-health extension)
slow-tls-handshake-warning-title = การสร้างการเชื่อมต่อช้า
slow-tls-handshake-warning-meaning = นี่เป็นคำเตือน ไม่ใช่ความล้มเหลว: เชื่อมต่อได้แล้ว แต่แค่ขั้นตอนสร้างการเชื่อมต่อก็ใช้เวลาพอ ๆ กับการรับส่งไปกลับหลายรอบกับรีจิสทรีในอีกภูมิภาคหนึ่ง การเชื่อมต่อใหม่ทุกครั้งต้องเสียเวลานี้ซ้ำ การดึงอิมเมจที่มีหลายเลเยอร์จึงได้รับผลกระทบมากที่สุด
slow-tls-handshake-warning-message = การสร้างการเชื่อมต่อไปยัง '{ $host }' (TCP และแฮนด์เชค TLS) ใช้เวลา { $took } ซึ่งเกิน { $limit }
slow-tls-handshake-warning-cause-1 = พร็อกซีหรือไฟร์วอลล์ที่ตรวจสอบ TLS ทำงานช้าหรือรับภาระเกิน
slow-tls-handshake-warning-cause-2 = แพ็กเก็ตสูญหายระหว่างทาง ทำให้ TCP และ TLS ต้องรอการส่งซ้ำ
slow-tls-handshake-warning-cause-3 = ปลายทางอยู่ไกลมาก (อีกทวีปหนึ่ง หรือใช้ลิงก์ดาวเทียม)
slow-tls-handshake-warning-cause-4 = เครื่องหรือคอนเทนเนอร์มี CPU ไม่พอจนแฮนด์เชคเองก็ช้า
slow-tls-handshake-warning-fix-1 = รันอีกครั้งด้วย --timings เพื่อดูเวลาสร้างการเชื่อมต่อแต่ละครั้งและโฮสต์ของการเชื่อมต่อนั้น
slow-tls-handshake-warning-fix-2 = หากมีพร็อกซีที่ตรวจสอบ TLS อยู่ในเส้นทาง ให้ยกเว้นเซิร์ฟเวอร์การเข้าสู่ระบบและปลายทางข้อมูลของรีจิสทรีจากการตรวจสอบ
slow-tls-handshake-warning-fix-3 = ดึงจากแบบจำลองตามภูมิศาสตร์ (geo-replica) ในภูมิภาคที่ใกล้ไคลเอ็นต์ หรือย้ายไคลเอ็นต์ไปรันใกล้รีจิสทรีมากขึ้น

# SLOW_TOKEN_REQUEST_WARNING (an acr-health extension)
slow-token-request-warning-title = คำขอโทเค็นช้า
slow-token-request-warning-meaning = นี่เป็นคำเตือน ไม่ใช่ความล้มเหลว: บริการโทเค็นของรีจิสทรีตอบกลับแล้วแต่ช้า การดึงและการพุชทุกครั้งเริ่มต้นด้วยคำขอแบบนี้ ไคลเอ็นต์จึงต้องรอนานเท่านี้ก่อนที่เนื้อหาใดจะเริ่มถ่ายโอน
slow-token-request-warning-message = คำขอโทเค็น { $what } ไปยัง '{ $host }' ใช้เวลา { $took } กว่าจะได้คำตอบ ซึ่งเกิน { $limit }
slow-token-request-warning-cause-1 = รีจิสทรีถูกควบคุมปริมาณคำขอหรือมีภาระงานสูง (ตามขีดจำกัดคำขอของระดับบริการ)
slow-token-request-warning-cause-2 = บริการโทเค็นตรวจสอบข้อมูลประจำตัวหรือการกำหนดบทบาทของผู้เรียกได้ช้า
slow-token-request-warning-cause-3 = พร็อกซีหรือไฟร์วอลล์ที่พักคำขอไว้ก่อนส่งต่อ
slow-token-request-warning-fix-1 = รันอีกครั้งด้วย --timings เพื่อดูเวลาจนถึงไบต์แรกของคำขอ แยกจากเวลาสร้างการเชื่อมต่อ
slow-token-request-warning-fix-2 = หากยังเกิดขึ้นต่อเนื่อง ให้ตรวจสอบเมตริกของรีจิสทรีว่ามีการควบคุมปริมาณคำขอหรือไม่ (คำตอบ HTTP 429) และพิจารณาใช้ระดับบริการที่สูงขึ้น
slow-token-request-warning-fix-3 = ตรวจสอบหน้าสถานะของ Azure สำหรับภูมิภาคของรีจิสทรี

# DEADLINE_EXCEEDED_ERROR (an acr-health extension)
deadline-exceeded-error-title = เกินกำหนดเวลาของการรัน
deadline-exceeded-error-meaning = --deadline จำกัดเวลาของการรันทั้งหมด เมื่อถึงกำหนดเวลาแล้วการตรวจสอบนี้ยังไม่เสร็จ จึงถูกหยุดและนับว่าล้มเหลว
deadline-exceeded-error-message = การตรวจสอบ '{ $title }' ยังทำงานอยู่เมื่อการรันครบกำหนดเวลา { $deadline }
deadline-exceeded-error-cause-1 = เซิร์ฟเวอร์ยอมรับการเชื่อมต่อ แต่ตอบช้าหรือไม่ตอบเลย
deadline-exceeded-error-cause-2 = กำหนดเวลาสั้นกว่าที่การตรวจสอบต้องใช้บนเครือข่ายนี้ (แต่ละขั้นตอนด้านเครือข่ายอาจใช้เวลาได้ถึง --timeout)
deadline-exceeded-error-cause-3 = ลำดับแหล่งข้อมูลรับรองที่ลองหลายแหล่ง และแต่ละแหล่งใช้เวลานานกว่าจะล้มเหลว
deadline-exceeded-error-fix-1 = รันอีกครั้งด้วย --debug เพื่อดูว่าคำขอใดยังรออยู่
deadline-exceeded-error-fix-2 = กำหนด --deadline ให้ยาวขึ้น หรือกำหนด --timeout ให้สั้นลงเพื่อให้แต่ละขั้นตอนยุติเร็วขึ้น

# OPEN_FILES_LIMIT_ERROR (an acr-health extension)
open-files-limit-error-title = ไฟล์ที่เปิดได้เต็มขีดจำกัด (ขีดจำกัดของ acr-health เอง)
open-files-limit-error-meaning = acr-health เปิดซ็อกเก็ตหรือไฟล์ไม่ได้ เพราะเปิดไว้ครบจำนวนที่อนุญาตแล้ว (ขีดจำกัดไฟล์ที่เปิดได้) หรือเพราะตารางไฟล์ที่เปิดอยู่ของทั้งเครื่องเต็ม การตรวจสอบจึงหยุดที่จุดนั้นและนับว่าล้มเหลว แต่สาเหตุคือขีดจำกัดของเครื่องนี้ ไม่ใช่รีจิสทรีหรือเครือข่าย เหตุผลจะระบุขีดจำกัดและสิ่งที่การตรวจสอบกำลังทำอยู่
open-files-limit-error-message = การตรวจสอบ '{ $title }' ทำงานไม่เสร็จ: ตัวอธิบายไฟล์ของ acr-health เองหมด ข้อนี้ไม่ได้บอกอะไรเกี่ยวกับรีจิสทรี
open-files-limit-error-cause-1 = ตั้ง --parallel สูงเกินไป จนรีจิสทรีที่ตรวจพร้อมกันต้องใช้ซ็อกเก็ตมากกว่าขีดจำกัดไฟล์ที่เปิดได้
open-files-limit-error-cause-2 = ขีดจำกัดไฟล์ที่เปิดได้ของโปรเซสต่ำ: `ulimit -n` ของเชลล์ หรือค่าเริ่มต้นของตัวจัดการบริการหรือรันไทม์คอนเทนเนอร์
open-files-limit-error-cause-3 = โปรเซสอื่นบนเครื่องใช้ไฟล์ที่เปิดได้ของระบบเกือบทั้งหมด (ENFILE)
open-files-limit-error-fix-1 = ตรวจรีจิสทรีพร้อมกันให้น้อยลง: ลด --parallel (ค่าเริ่มต้น 64 อยู่ในขีดจำกัด 1,024 ไฟล์)
open-files-limit-error-fix-2 = หรือเพิ่มขีดจำกัดไฟล์ที่เปิดได้ของ acr-health: ใช้ `ulimit -n` ในเชลล์ที่เรียกใช้ LimitNOFILE= ในยูนิต systemd หรือ --ulimit nofile= สำหรับคอนเทนเนอร์
open-files-limit-error-fix-3 = หากเหตุผลระบุว่าตารางของระบบเต็ม (ENFILE) ให้หาโปรเซสที่ถือไฟล์ไว้ (`lsof`) ก่อนเพิ่มขีดจำกัดของทั้งเครื่อง

# INTERNAL_ERROR (an acr-health extension)
internal-error-title = ข้อผิดพลาดภายในของ acr-health
internal-error-meaning = การตรวจสอบพบบักใน acr-health เองและทำงานต่อจนเสร็จไม่ได้ การตรวจสอบอื่นไม่ได้รับผลกระทบ แต่การรันนี้นับว่าล้มเหลว
internal-error-message = การตรวจสอบ '{ $title }' หยุดทำงานเนื่องจากบักใน acr-health
internal-error-cause-1 = คำตอบหรือไฟล์มีรูปแบบที่ acr-health ไม่ได้คาดไว้
internal-error-cause-2 = ข้อบกพร่องใน acr-health
internal-error-fix-1 = รายงานปัญหาพร้อมเวอร์ชัน (`acr-health --version`) บรรทัดคำสั่ง และข้อความนี้ ดูวิธีรายงานได้ใน docs/security.md
internal-error-fix-2 = รันอีกครั้งด้วย --ignore-errors เพื่อดูผลของการตรวจสอบที่เหลือ

## Remediation for special cases

remedy-private-endpoints-only-fix-1 = การเข้าถึงเครือข่ายสาธารณะถูกปิดใช้งาน รีจิสทรีจึงรับไคลเอ็นต์ผ่านปลายทางส่วนตัวเท่านั้น และกฎ IP ไม่มีผล: ให้รันจากเครือข่ายที่ลิงก์กับปลายทางส่วนตัวแห่งใดแห่งหนึ่งของรีจิสทรี
remedy-private-endpoints-only-fix-2 = ในเครือข่ายนั้น ให้ตรวจสอบว่าเซิร์ฟเวอร์การเข้าสู่ระบบและปลายทางข้อมูลทุกแห่งถูกแปลงเป็นที่อยู่ของปลายทางส่วนตัว (โซน DNS ส่วนตัว privatelink.azurecr.io ต้องลิงก์กับเครือข่ายนั้น) ใช้ --vnet <network> เพื่อตรวจสอบ
remedy-private-endpoints-only-fix-3 = หากไคลเอ็นต์ที่อยู่นอกเครือข่ายเหล่านั้นต้องเข้าถึงรีจิสทรี ให้เพิ่มปลายทางส่วนตัวในเครือข่ายของไคลเอ็นต์ หรือเปิดใช้งานการเข้าถึงสาธารณะ (เมื่อนั้นกฎ IP ของรีจิสทรีจะมีผล)

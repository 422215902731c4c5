# acr-health 的正體中文（台灣）翻譯。ID 與 { $variable } 皆與 en.ftl 相同（i18n/GUIDE.md）。

## The text report: error lines, summary, closing pointer

report-error-occurred = 發生錯誤：{ $code }
report-reason = 原因：{ $reason }
report-what-to-do = 處理方式：
report-explain-error = 執行「acr-health explain { $code }」以查看可能原因與修正方式。
report-explain-warning = 執行「acr-health explain { $code }」以查看詳細資訊。
report-error-link = 如需詳細資訊，請參閱 { $link }
report-skipped = 已略過：{ $title }（{ $why }）
report-skipped-default = 已略過
report-count-passed =
    { $count ->
       *[other] { $count } 項通過
    }
report-count-info =
    { $count ->
       *[other] { $count } 項資訊
    }
report-count-warnings =
    { $count ->
       *[other] { $count } 個警告
    }
report-count-errors =
    { $count ->
       *[other] { $count } 個錯誤
    }
report-count-skipped =
    { $count ->
       *[other] { $count } 項略過
    }
report-list-separator = {"、"}
report-summary = acr-health { $version } 於 { $time } 完成，耗時 { $seconds } 秒：{ $counts }。
report-interrupted = 收到 { $signal }，已中斷執行：仍在執行的檢查已停止，它們啟動的所有程式也一併結束。
report-stopped-each = 每個登錄都已在各自的第一個錯誤處停止；若要執行所有檢查，請加上 --ignore-errors。
report-stopped = 已在第一個錯誤處停止；若要執行所有檢查，請加上 --ignore-errors。
report-closing = 如需詳細資訊，請參閱 { $link }

## -o markdown: heading, table columns, summary

markdown-heading = acr-health 報告
markdown-meta = acr-health { $version } · 開始於 { $started } · { $seconds } 秒 · 登錄：{ $registries }
markdown-no-registries = 無
markdown-column-check = 檢查
markdown-column-status = 狀態
markdown-column-result = 結果
markdown-column-ms = 毫秒
markdown-summary = { $passed } 項通過、{ $warnings } 個警告、{ $errors } 個錯誤、{ $skipped } 項略過
markdown-stopped = （已在第一個錯誤處停止）

## A check's status in words (the markdown table's status column)

status-ok = 正常
status-info = 資訊
status-warning = 警告
status-error = 錯誤
status-skipped = 已略過

## acr-health explain CODE

explain-extension = （acr-health 擴充）
explain-message = 訊息：
explain-az-message = az 與 -o az 輸出的原文（英文）：
explain-causes = 可能原因：
explain-fixes = 處理方式：
explain-more = 詳細資訊：{ $link }

## acr-health codes

codes-extension = （擴充）

## The docs/errors.<lang>.md page

errors-doc-heading = 錯誤碼
errors-doc-intro = acr-health 可能回報的所有錯誤碼。標示為「擴充」的錯誤碼由本專案自行定義；其餘錯誤碼依循 Azure Container Registry 健康情況檢查錯誤參考。{ $command } 可離線顯示相同的內容。
errors-doc-column-code = 錯誤碼
errors-doc-column-title = 標題
errors-doc-column-kind = 類型
errors-doc-kind-extension = 擴充
errors-doc-kind-reference = 參考
errors-doc-reference = 參考資料：{ $link }

## The spinner on a terminal, and --wait's notes (stderr)

spinner-starting = 啟動中
spinner-running = 仍在執行：{ $titles }
spinner-attempt-failed = 第 { $attempt } 次嘗試失敗，將再試一次，剩餘 { $left }
spinner-attempt-failed-code = 第 { $attempt } 次嘗試失敗（{ $code }），將再試一次，剩餘 { $left }
spinner-next-attempt = { $note }；{ $pause } 後進行下一次嘗試

## Check titles

check-configuration = 設定
check-arguments = 引數
check-environment = 環境檢查
check-docker = Docker 檢查
check-docker-command = Docker 命令
check-docker-daemon = Docker 精靈
check-docker-version = Docker 版本
check-docker-pull = Docker 提取
check-docker-daemon-settings = Docker 精靈設定
check-tool-version = acr-health 版本
check-connection-verification = 連線驗證
check-node = Kubernetes 節點
check-node-config = 節點設定
check-node-credential-provider = Kubelet 認證提供者
check-registry = 登錄
check-registry-login-server = 登入伺服器
check-registry-dns = DNS 查詢
check-registry-challenge = 挑戰端點
check-registry-network-access = 網路存取
check-registry-settings = 登錄設定
check-registry-credential = 認證
check-node-kubelet-identity = Kubelet 身分識別
check-registry-refresh-token = 重新整理權杖
check-registry-access-token = 存取權杖
check-registry-data-path = 資料路徑
check-node-containerd-hosts = Containerd 登錄主機
check-node-containerd-pull = Containerd 提取
check-registry-replications = 異地複寫
check-registry-data-endpoints = 資料端點
check-registry-regional-endpoints = 區域端點
check-registry-dual-stack = 雙重堆疊
check-registry-cmk = CMK 身分識別
check-registry-docker-login = Docker 登入
check-registry-docker-route = Docker 精靈路由
check-vnet = 私人端點 DNS
check-vnet-private-endpoint = 私人端點 DNS
check-helm = Helm 檢查
check-helm-command = Helm 命令
check-helm-version = Helm 版本
check-notary = Notary 檢查
check-notary-version = Notary 版本
title-clock-skew = 時鐘偏差

## Message templates besides the codes' own

msg-failed-command = 無法執行命令「{ $cmd }」。{ $stderr }
msg-helm-retrieve-failed = 擷取 Helm 版本時發生錯誤。請確認您使用的是最新版的 Azure CLI，以及建議的 Helm 版本。
msg-notary-retrieve-failed = 擷取 notary 版本時發生錯誤。請確認您使用的是最新版的 Azure CLI，以及建議的 notary 版本。
msg-lacking-permissions = 您對此存放庫擁有 { $granted } 權限，但缺少 { $missing } 權限。請確認您對登錄中的此存放庫擁有完整的讀取、寫入與刪除權限。
msg-lacking-all-permissions = 您對此存放庫沒有任何權限，缺少 { $missing } 權限。請確認您對登錄中的此存放庫擁有完整的讀取、寫入與刪除權限。
msg-data-endpoint = 登錄「{ $ls }」透過資料端點「{ $endpoint }」提供映像層，但從這裡無法連線到該端點，因此提取存放在該處的內容將會失敗。{ $reason }

## Error codes: title, meaning, message, causes, what to do

# DOCKER_COMMAND_ERROR (a reference code: -o az keeps az's English message)
docker-command-error-title = 無法使用 Docker 用戶端
docker-command-error-meaning = 找不到可用的 docker 用戶端，因此所有 docker 檢查都無法執行。
docker-command-error-message = 請確認 Docker 用戶端已安裝且正在執行。
docker-command-error-cause-1 = 未安裝 docker（或 podman），或它不在此 shell 的 PATH 中
docker-command-error-cause-2 = DOCKER_COMMAND 指定的程式不存在
docker-command-error-cause-3 = 唯一找到的 docker 位於目前目錄，而 acr-health 拒絕執行這種程式
docker-command-error-fix-1 = 安裝 docker 用戶端，或將其所在目錄加入 PATH。
docker-command-error-fix-2 = 若使用其他用戶端，將 DOCKER_COMMAND 設為該用戶端的絕對路徑。
docker-command-error-fix-3 = 在沒有 docker 的 Pod 或 CI 作業中，加上 --skip docker。

# DOCKER_DAEMON_ERROR (a reference code: -o az keeps az's English message)
docker-daemon-error-title = 無法連線到 Docker 精靈
docker-daemon-error-meaning = docker 用戶端可以執行，但無法與 Docker 精靈通訊。
docker-daemon-error-message = 請確認 Docker 精靈正在執行，或嘗試將它重新啟動。
docker-daemon-error-cause-1 = 精靈（dockerd、Docker Desktop）尚未啟動
docker-daemon-error-cause-2 = DOCKER_HOST 或目前的 docker context 指向沒有任何程式接聽的通訊端
docker-daemon-error-cause-3 = 您的使用者無權開啟精靈的通訊端（不在 docker 群組中）
docker-daemon-error-fix-1 = 啟動精靈（例如執行 `sudo systemctl start docker`，或開啟 Docker Desktop）。
docker-daemon-error-fix-2 = 檢查 `docker context ls` 與 DOCKER_HOST 是否指向您預期的精靈。
docker-daemon-error-fix-3 = 在 Linux 上，將您的使用者加入 docker 群組，然後重新登入。

# DOCKER_VERSION_ERROR (a reference code: -o az keeps az's English message)
docker-version-error-title = 無法讀取 Docker 版本
docker-version-error-meaning = `docker version` 執行失敗，或輸出了 acr-health 無法解讀的內容。
docker-version-error-message = 擷取 Docker 版本時發生錯誤。請嘗試手動確認版本。
docker-version-error-cause-1 = docker 用戶端已損壞或版本非常舊
docker-version-error-cause-2 = 以包裝指令碼取代了 docker，而該指令碼不支援 --format
docker-version-error-cause-3 = 命令停滯不動，已在逾時後被終止
docker-version-error-fix-1 = 自行執行上方顯示的命令，並閱讀它的錯誤訊息。
docker-version-error-fix-2 = 重新安裝或升級 docker 用戶端。

# DOCKER_PULL_ERROR (a reference code: -o az keeps az's English message)
docker-pull-error-title = Docker 測試提取失敗
docker-pull-error-meaning = Docker 精靈無法提取小型的測試映像，因此從任何登錄提取都可能失敗。
docker-pull-error-message = 提取範例映像時發生錯誤。請檢查網路連線，並確認 Docker 精靈運作正常。
docker-pull-error-cause-1 = 精靈沒有通往網際網路或映像所在登錄的路由
docker-pull-error-cause-2 = 必須透過 Proxy 連線，但精靈並不知道
docker-pull-error-cause-3 = 精靈的磁碟已滿，或以 --pull-image 指定的映像名稱不存在
docker-pull-error-fix-1 = 閱讀上方 docker 本身的錯誤訊息；其中通常會指出主機或原因。
docker-pull-error-fix-2 = 若位於 Proxy 後方，設定精靈的 Proxy（只設定 shell 的 Proxy 並不夠）。
docker-pull-error-fix-3 = 手動對同一個映像執行 `docker pull`，以重現問題。

# HELM_COMMAND_ERROR (a reference code: -o az keeps az's English message)
helm-command-error-title = 找不到 Helm 用戶端
helm-command-error-meaning = 在 PATH 中找不到 helm 用戶端。
helm-command-error-message = 請確認已安裝 Helm。
helm-command-error-cause-1 = 未安裝 helm，或它不在此 shell 的 PATH 中
helm-command-error-fix-1 = 若需要推送或提取 chart，安裝 helm 3。
helm-command-error-fix-2 = 若不使用 helm，加上 --skip helm。

# HELM_VERSION_ERROR (a reference code: -o az keeps az's English message)
helm-version-error-title = Helm 用戶端版本過舊
helm-version-error-meaning = 依照 az 的用法，這個錯誤碼涵蓋兩種問題：`helm version --client` 執行失敗，或其回報的 helm 用戶端版本低於 2.11.0。
helm-version-error-message = 不建議使用目前的 Helm 用戶端版本。請將 Helm 用戶端升級至 2.11.0 或更新的版本。
helm-version-error-cause-1 = 舊版的 helm 2 用戶端
helm-version-error-cause-2 = `helm version --client` 執行失敗
helm-version-error-fix-1 = 若訊息指出命令失敗，自行執行 `helm version --client`；命令後面的文字就是 helm 本身的錯誤訊息。
helm-version-error-fix-2 = 若用戶端版本低於 2.11.0，升級 helm；helm 3 會直接透過 OCI 與登錄通訊。

# NOTARY_VERSION_ERROR (a reference code: -o az keeps az's English message)
notary-version-error-title = Notary 用戶端版本不相容
notary-version-error-meaning = notary 用戶端不是已知能與 Docker 內容信任搭配運作的版本（0.6.0），或 `notary version` 執行失敗。
notary-version-error-message =
    不建議使用目前的 notary 版本。請將 notary 用戶端{ $direction ->
        [upgrade] 升級
       *[downgrade] 降級
    }至 0.6.0 版。
notary-version-error-cause-1 = PATH 中排在前面的是較舊或較新的 notary 執行檔
notary-version-error-cause-2 = 不會回報自身版本的 notary 組建
notary-version-error-fix-1 = 安裝 notary 0.6.0，或從 PATH 中移除另一個執行檔。各平台的組建都可在專案的發行頁面取得：https://github.com/notaryproject/notary/releases
notary-version-error-fix-2 = 在 Windows 上，docker 只會在存放 docker 本身執行檔的資料夾中，尋找名為 `notary.exe` 的用戶端（使用 Docker Desktop 時，通常是 `C:\Program Files\Docker\Docker\resources\bin`）：下載 Windows 版組建，將它重新命名為 `notary.exe` 後放到該資料夾。
notary-version-error-fix-3 = 這條規則要求的是剛好 0.6.0，而非最低版本，因此較新的用戶端也會被標示：az 之所以採用這條規則，是因為 notary 0.6.1 讓針對信任伺服器的遠端操作無法通過驗證。
notary-version-error-fix-4 = notary 所支援的 Docker 內容信任已被淘汰；新的映像簽署請改用 Notation（Notary Project v2）。若您沒有使用 Docker 內容信任簽署映像，加上 --skip notary。

# CMK_ERROR (a reference code: -o az keeps az's English message)
cmk-error-title = 缺少加密用的身分識別
cmk-error-meaning = 登錄以客戶管理的金鑰加密，並透過受控識別存取金鑰保存庫，但該受控識別已不存在，因此登錄無法取得它的金鑰。
cmk-error-message = 登錄「{ $name }」加密所使用的身分識別不存在。
cmk-error-cause-1 = 使用者指派的身分識別已被刪除
cmk-error-cause-2 = 身分識別已從登錄移除，但加密設定仍參照它
cmk-error-fix-1 = 重新建立或重新指派登錄加密設定中所指定的身分識別。
cmk-error-fix-2 = 重新授予它對金鑰保存庫中該金鑰的 get/wrapKey/unwrapKey 存取權。
cmk-error-fix-3 = 存取金鑰保存庫時，可使用登錄的系統指派身分識別，也可使用使用者指派的身分識別；只要擁有該金鑰的存取權，兩者皆可。
cmk-error-fix-4 = 若要改用其他身分識別，請在輪替金鑰的同一個步驟中指定該身分識別（`az acr encryption rotate-key --identity <client id or [system]>`）。

# CONNECTIVITY_DNS_ERROR (a reference code: -o az keeps az's English message)
connectivity-dns-error-title = DNS 查詢失敗
connectivity-dns-error-meaning = 無法將登錄名稱解析為位址。
connectivity-dns-error-message = 無法透過 DNS 找到登錄「{ $ls }」。請確認拼字正確、CLI 環境位於正確的雲端，並檢查網路連線。
connectivity-dns-error-cause-1 = 登錄名稱拼錯，或雲端錯誤（.azurecr.io 與 .azurecr.cn / .azurecr.us）
connectivity-dns-error-cause-2 = DNS 伺服器無法連線、回應 SERVFAIL 或逾時
connectivity-dns-error-cause-3 = privatelink.azurecr.io 的私人 DNS 區域缺少此登錄的記錄
connectivity-dns-error-fix-1 = 對照登錄的登入伺服器，檢查名稱與雲端（--cloud）。
connectivity-dns-error-fix-2 = 自行查詢這個名稱（`nslookup <login server>`）；也可以用 --dns-server 指定您信任的解析程式。
connectivity-dns-error-fix-3 = 使用私人端點時，檢查連結至您網路的 privatelink.azurecr.io 區域中的 A 記錄。
connectivity-dns-error-fix-4 = 若您只提供登錄名稱，而無法從 Azure 讀取該登錄（沒有讀取權限，或訂用帳戶錯誤），登入伺服器就是從名稱推測而來：取得此登錄的讀取權限，或以 -n 傳入它的登入伺服器。

# CONNECTIVITY_FORBIDDEN_ERROR (a reference code: -o az keeps az's English message)
connectivity-forbidden-error-title = 登錄拒絕存取
connectivity-forbidden-error-meaning = 登錄在任何登入之前就回應 403：它的網路規則不允許此用戶端。
connectivity-forbidden-error-message = 您似乎沒有登錄「{ $ls }」的存取權。若要查看已設定的防火牆規則，請執行「az acr show --query networkRuleSet --name { $name }」。詳細資訊：https://learn.microsoft.com/azure/container-registry/container-registry-health-error-reference#connectivity_forbidden_error
connectivity-forbidden-error-cause-1 = 登錄的防火牆只允許列出的 IP 範圍或網路，而您的不在其中
connectivity-forbidden-error-cause-2 = 公用網路存取已停用，而您並非透過私人端點連線
connectivity-forbidden-error-fix-1 = 將上方顯示的用戶端 IP 加入登錄的網路規則，或改從允許的網路連線。
connectivity-forbidden-error-fix-2 = 若登錄使用私人端點，確認此處會將名稱解析為私人位址（--vnet）。

# CONNECTIVITY_CHALLENGE_ERROR (a reference code: -o az keeps az's English message)
connectivity-challenge-error-title = 沒有驗證挑戰
connectivity-challenge-error-meaning = `GET /v2/` 沒有收到 401 挑戰；每個登錄都會以這個挑戰開始登入流程。
connectivity-challenge-error-message = 登錄「{ $ls }」未發出挑戰。
connectivity-challenge-error-cause-1 = 連線遭拒、被重設或逾時
connectivity-challenge-error-cause-2 = 由 Proxy 或閘道代替登錄回應
connectivity-challenge-error-cause-3 = 該伺服器不是容器登錄
connectivity-challenge-error-fix-1 = 閱讀上方顯示的回應內容，判斷是誰做出回應。
connectivity-challenge-error-fix-2 = 檢查您與登錄之間的 Proxy（HTTPS_PROXY / NO_PROXY）與防火牆。
connectivity-challenge-error-fix-3 = 若您與登錄之間的環節都沒有問題，可能是服務暫時發生狀況：請在幾分鐘後再試一次。
connectivity-challenge-error-fix-4 = 若持續失敗，在 Azure 入口網站中為此登錄建立支援要求（說明 + 支援），回報服務問題。

# CONNECTIVITY_AAD_LOGIN_ERROR (a reference code: -o az keeps az's English message)
connectivity-aad-login-error-title = 此登錄不支援 AAD 登入
connectivity-aad-login-error-meaning = 登錄的挑戰不是帶有 realm 與 service 的 Bearer 挑戰，因此無法以權杖登入。
connectivity-aad-login-error-message = 登錄「{ $ls }」不支援 AAD 登入。
connectivity-aad-login-error-cause-1 = 該伺服器是只支援 Basic 驗證的登錄（不是 Azure 登錄）
connectivity-aad-login-error-cause-2 = 中間有某個環節改寫了 WWW-Authenticate 標頭
connectivity-aad-login-error-fix-1 = 確認名稱指向 Azure 容器登錄。
connectivity-aad-login-error-fix-2 = 若是使用 Basic 驗證的登錄，改用 `docker login` 測試。
connectivity-aad-login-error-fix-3 = 若不使用 Entra ID，也可以啟用登錄的管理員使用者，並以其認證登入（在此使用 -u/-p，或使用 `docker login`）。

# CONNECTIVITY_REFRESH_TOKEN_ERROR (a reference code: -o az keeps az's English message)
connectivity-refresh-token-error-title = 重新整理權杖遭拒
connectivity-refresh-token-error-meaning = 登錄拒絕以 Entra ID 權杖換發登錄的重新整理權杖。
connectivity-refresh-token-error-message = 對登錄「{ $ls }」的存取遭拒。回應碼：{ $status }。請再次執行「az login」以重新整理權限。
connectivity-refresh-token-error-cause-1 = 此身分識別在登錄上沒有任何角色（AcrPull 或更高權限）
connectivity-refresh-token-error-cause-2 = Entra ID 權杖屬於其他租用戶、已過期，或對象錯誤
connectivity-refresh-token-error-cause-3 = 登錄已停用 AAD 驗證（ARM 對象權杖）
connectivity-refresh-token-error-fix-1 = 為上方指出的身分識別授予登錄上的角色，例如 AcrPull。
connectivity-refresh-token-error-fix-2 = 取得新的權杖（重新登入，或檢查服務主體的租用戶）。

# CONNECTIVITY_ACCESS_TOKEN_ERROR (a reference code: -o az keeps az's English message)
connectivity-access-token-error-title = 存取權杖遭拒
connectivity-access-token-error-meaning = 登錄拒絕為要求的範圍核發存取權杖，或授予的動作少於要求的動作。
connectivity-access-token-error-message = 對登錄「{ $ls }」的存取遭拒。回應碼：{ $status }。請再次執行「az login」以重新整理權限。
connectivity-access-token-error-cause-1 = 身分識別的角色不包含所要求的動作
connectivity-access-token-error-cause-2 = 存放庫範圍的權杖或範圍對應限制了可執行的操作
connectivity-access-token-error-cause-3 = 管理員使用者名稱或密碼錯誤
connectivity-access-token-error-fix-1 = 將上方列出的已授予與缺少的動作，和您預期的角色互相比對。
connectivity-access-token-error-fix-2 = 指派包含這些動作的角色（推送需要 AcrPush，刪除需要 AcrDelete）。

# CONNECTIVITY_SSL_ERROR (a reference code: -o az keeps az's English message)
connectivity-ssl-error-title = TLS 交握失敗
connectivity-ssl-error-meaning = 無法與登錄建立受信任的 TLS 連線。
connectivity-ssl-error-message = 無法與登錄「{ $ls }」建立安全連線。您是否正在使用 Proxy 伺服器？
connectivity-ssl-error-cause-1 = 會檢查 TLS 的 Proxy，而本機不信任它的根憑證
connectivity-ssl-error-cause-2 = 名稱解析到的伺服器出示了其他主機的憑證
connectivity-ssl-error-cause-3 = 憑證已過期，或伺服器只提供低於 1.2 版的 TLS
connectivity-ssl-error-fix-1 = 若您的網路會檢查 TLS，以 --ca-cert（或 SSL_CERT_FILE）傳入它的根憑證。
connectivity-ssl-error-fix-2 = 檢查名稱是否解析到登錄本身，而不是中間的其他設備。

# CONNECTIVITY_TOOMANYREQUESTS_ERROR (a reference code: -o az keeps az's English message)
connectivity-toomanyrequests-error-title = 已遭節流
connectivity-toomanyrequests-error-meaning = 登錄正在對此用戶端進行節流（HTTP 429）。
connectivity-toomanyrequests-error-message = 要求過多，對登錄「{ $ls }」的存取遭拒。請稍候片刻再試。
connectivity-toomanyrequests-error-cause-1 = 大量用戶端或管線同時登入
connectivity-toomanyrequests-error-cause-2 = 某個迴圈不停重試而沒有暫停
connectivity-toomanyrequests-error-fix-1 = 等候登錄要求的時間（Retry-After；若登錄有傳送，會顯示於上方）後再重試。
connectivity-toomanyrequests-error-fix-2 = 錯開登入時間，並重複使用權杖，而不是每次提取都重新取得。
connectivity-toomanyrequests-error-fix-3 = 要求限制取決於登錄的服務層級（SKU：Basic、Standard、Premium）；若正常使用就會達到限制，將登錄移至更高的層級。

# LOGIN_SERVER_ERROR (a reference code: -o az keeps az's English message)
login-server-error-title = 無法判斷登入伺服器
login-server-error-meaning = acr-health 無法判斷登錄的登入伺服器。
login-server-error-message = 擷取登錄「{ $name }」的登入伺服器時發生錯誤。請確認拼字正確、CLI 環境位於正確的雲端，以及您對該登錄擁有適當的權限。
login-server-error-cause-1 = 此雲端沒有已知的登錄尾碼（未設定尾碼的自訂雲端）
login-server-error-cause-2 = 此登錄不存在於訂用帳戶中，或您無法讀取它
login-server-error-fix-1 = 直接傳入登入伺服器：-n myregistry.azurecr.io。
login-server-error-fix-2 = 檢查登錄名稱的拼字。
login-server-error-fix-3 = 確認使用中的身分識別有權讀取此登錄（例如在登錄或其資源群組上具有 Reader 之類的角色）。
login-server-error-fix-4 = 以 --cloud 選擇正確的雲端，或在 Azure CLI 中註冊自訂雲端的尾碼；若 Azure CLI 的雲端清單太舊、不認得該尾碼，請更新 Azure CLI（`az upgrade`）。

# CREDENTIAL_ERROR (an acr-health extension)
credential-error-title = 沒有可用的認證
credential-error-meaning = 沒有任何認證來源產生 Entra ID 權杖（或根本未設定任何來源），因此無法執行登入步驟。
credential-error-message = 沒有任何認證可用於登錄「{ $ls }」。{ $reason }
credential-error-cause-1 = 未設定任何來源：沒有 -u/-p、ACR_HEALTH_AAD_TOKEN、服務主體、工作負載身分識別或受控識別，也沒有登入 Azure CLI
credential-error-cause-2 = 已設定的來源失敗，例如用戶端密碼錯誤（AADSTS7000215）或租用戶不明
credential-error-fix-1 = 從上方查看嘗試過哪些來源，並修正您原本打算使用的那一個。
credential-error-fix-2 = 若使用服務主體，設定 AZURE_TENANT_ID、AZURE_CLIENT_ID 與 AZURE_CLIENT_SECRET。
credential-error-fix-3 = 若登錄允許匿名提取，加上 --anonymous。

# UNTRUSTED_REALM_ERROR (an acr-health extension)
untrusted-realm-error-title = 權杖 realm 位於其他主機
untrusted-realm-error-meaning = 挑戰中指定的權杖服務位於不同的主機。acr-health 只會將權杖與密碼傳送到登錄本身的主機。
untrusted-realm-error-message = 登錄「{ $ls }」要求將認證傳送到「{ $realm }」，但該位址不在登錄本身的主機上。未傳送任何內容。
untrusted-realm-error-cause-1 = 代替登錄回應的 Proxy 或仿冒伺服器
untrusted-realm-error-cause-2 = 自行架設的登錄前方，反向 Proxy 設定錯誤
untrusted-realm-error-fix-1 = 確認登錄名稱解析到登錄本身，而不是中間的其他設備。
untrusted-realm-error-fix-2 = 在確認 realm 主機由誰營運之前，不要登入此端點。

# INSECURE_ENDPOINT_ERROR (an acr-health extension)
insecure-endpoint-error-title = 認證端點不是 https
insecure-endpoint-error-meaning = 某個會接收祕密或權杖的端點（Entra ID 授權單位、ARM 端點、受控識別端點）不是單純的 https:// URL。acr-health 絕不以明文傳送認證，因此完全沒有對它發出要求。
insecure-endpoint-error-message = { $what }「{ $url }」（來源：{ $from }）有問題：{ $why }。認證會傳送到該處，因此未傳送任何內容。
insecure-endpoint-error-cause-1 = 在 Azure CLI 中註冊的自訂雲端（clouds.config）使用 http:// 端點，或端點中含有使用者名稱、查詢字串或片段
insecure-endpoint-error-cause-2 = 受控識別端點（IDENTITY_ENDPOINT）使用一般 http，且不在本機上
insecure-endpoint-error-fix-1 = 依訊息指出的來源修正端點；若是自訂雲端：`az cloud update --name <cloud> --endpoint-resource-manager https://…`（或 --endpoint-active-directory）。
insecure-endpoint-error-fix-2 = 若該服務只支援一般 http，在它前方加上 TLS：認證一律只透過 https 傳送。

# PRIVATE_ENDPOINT_DNS_ERROR (an acr-health extension)
private-endpoint-dns-error-title = DNS 繞過了私人端點
private-endpoint-dns-error-meaning = 登錄私人端點所服務的某個名稱，在此處解析為其他位址，因此該名稱的流量不會經過私人端點。
private-endpoint-dns-error-message = DNS 未將登錄「{ $name }」導向它在虛擬網路「{ $vnet }」中的私人端點。{ $reason }
private-endpoint-dns-error-cause-1 = privatelink.azurecr.io 私人 DNS 區域未連結至此虛擬網路
private-endpoint-dns-error-cause-2 = 區域中缺少端點某個名稱的記錄（通常是資料端點，例如 <registry>.<region>.data.azurecr.io）
private-endpoint-dns-error-cause-3 = 自訂 DNS 伺服器將此名稱轉送到公用 DNS，而不是 Azure DNS（168.63.129.16）
private-endpoint-dns-error-fix-1 = 將 privatelink.azurecr.io 區域連結至虛擬網路，或新增上方列出的缺少的 A 記錄。
private-endpoint-dns-error-fix-2 = 使用自訂 DNS 伺服器時，將 azurecr.io 轉送至 Azure DNS（168.63.129.16）。
private-endpoint-dns-error-fix-3 = 將 --dns-server 設為工作負載所使用的解析程式，再檢查一次。

# IMAGE_NOT_FOUND_ERROR (an acr-health extension)
image-not-found-error-title = 找不到映像
image-not-found-error-meaning = 登錄中沒有以 --image 指定的存放庫與標籤（或摘要）的資訊清單。
image-not-found-error-message = 在登錄「{ $ls }」中找不到映像「{ $image }」。{ $reason }
image-not-found-error-cause-1 = 存放庫或標籤拼錯；標籤會區分大小寫
image-not-found-error-cause-2 = 標籤已被刪除，或被保留原則或清除工作取消標記
image-not-found-error-cause-3 = 存放庫位於其他登錄
image-not-found-error-fix-1 = 列出現有的內容：`az acr repository show-tags -n <registry> --repository <repo>`。
image-not-found-error-fix-2 = 檢查部署實際使用的參照，包括任何登錄前置詞。

# DATA_PATH_ERROR (an acr-health extension)
data-path-error-title = 無法下載映像內容
data-path-error-meaning = 登入伺服器有回應，但無法下載映像的內容。Blob 通常來自獨立的資料端點（Blob 儲存體或 <registry>.<region>.data.azurecr.io），防火牆、Proxy 或私人 DNS 對它的處理方式可能不同。
data-path-error-message = 從登錄「{ $ls }」提取「{ $image }」失敗。{ $reason }
data-path-error-cause-1 = 防火牆或 Proxy 允許登入伺服器，卻未允許資料端點
data-path-error-cause-2 = 登錄列出的某個專用資料端點（每個區域一個）在此處無法解析，或無法完成 TLS 交握；acr-health 從 ARM 讀取登錄時會逐一檢查這些端點
data-path-error-cause-3 = 使用私人端點時，私人 DNS 區域中缺少資料端點的名稱，或該端點無法連線
data-path-error-cause-4 = 已啟用專用資料端點，但用戶端的防火牆規則並未允許
data-path-error-fix-1 = 在所有允許登入伺服器的地方，一併允許上方指出的資料端點（及其 443 連接埠）。
data-path-error-fix-2 = 使用私人端點時，加上 --vnet 再執行一次，以檢查端點服務的每個名稱。

# KUBELET_IDENTITY_ERROR (an acr-health extension)
kubelet-identity-error-title = Kubelet 身分識別無法登入
kubelet-identity-error-meaning = 使用 --node 時：節點的雲端提供者設定指派給 kubelet 的身分識別無法取得登錄權杖，因此節點每次從此登錄提取都會因授權錯誤而失敗（ImagePullBackOff）。
kubelet-identity-error-message = kubelet 的身分識別（{ $identity }）無法登入登錄「{ $ls }」。{ $reason }
kubelet-identity-error-cause-1 = azure.json 中服務主體的祕密已過期或已輪替（AADSTS7000222、AADSTS7000215）
kubelet-identity-error-cause-2 = aadClientId 指定的應用程式不存在於節點設定的租用戶中
kubelet-identity-error-cause-3 = userAssignedIdentityID 指定的使用者指派身分識別，並未指派給節點的 VM 或擴展集（IMDS 回應「Identity not found」）
kubelet-identity-error-cause-4 = 登錄拒絕服務主體密碼，但該身分識別的 Entra ID 權杖其實可以提取
kubelet-identity-error-fix-1 = 若是服務主體，為叢集設定新的祕密（`az aks update-credentials --reset-service-principal`），這會改寫每個節點上的 azure.json。
kubelet-identity-error-fix-2 = 若是受控識別，確認 userAssignedIdentityID 中的身分識別已指派給節點集區的擴展集。
kubelet-identity-error-fix-3 = 變更後，在該節點上加上 --node 再執行一次；上方的原因會列出各服務的回應。

# KUBELET_ACRPULL_ERROR (an acr-health extension)
kubelet-acrpull-error-title = Kubelet 身分識別沒有提取權限
kubelet-acrpull-error-meaning = 使用 --node 時：Entra ID 接受 kubelet 的身分識別，但登錄不允許它提取：該身分識別在此登錄上沒有 AcrPull 角色（或包含此權限的角色）。
kubelet-acrpull-error-message = kubelet 的身分識別（{ $identity }）可以登入，但無權從登錄「{ $ls }」提取。{ $reason }
kubelet-acrpull-error-cause-1 = 叢集從未連結此登錄，或連結的是其他登錄
kubelet-acrpull-error-cause-2 = AcrPull 角色指派給了其他身分識別（叢集的控制平面身分識別，而不是 kubelet 身分識別）
kubelet-acrpull-error-cause-3 = 角色指派在其他範圍（不同的登錄或資源群組），或才剛指派不久（角色指派需要數分鐘才會生效）
kubelet-acrpull-error-cause-4 = 登錄使用存放庫權限（ABAC），而該身分識別沒有涵蓋此存放庫的角色
kubelet-acrpull-error-fix-1 = 將登錄連結至叢集（`az aks update -n <cluster> -g <group> --attach-acr <registry>`），或在登錄的資源識別碼上，將 AcrPull 角色指派給上方列出的用戶端識別碼。
kubelet-acrpull-error-fix-2 = 新增角色指派後等候幾分鐘，再加上 --node 執行一次。

# CONTAINERD_CONFIG_ERROR (an acr-health extension)
containerd-config-error-title = 無法讀取 Containerd 登錄設定
containerd-config-error-meaning = 使用 --node 時：無法讀取或剖析 containerd 的設定檔，或登錄主機目錄中的 hosts.toml，因此 containerd 無法依設定解析登錄。
containerd-config-error-message = containerd 針對「{ $ls }」的登錄設定無法使用。{ $reason }
containerd-config-error-cause-1 = /etc/containerd/config.toml 或其 config_path 下的某個 hosts.toml 有 TOML 語法錯誤
containerd-config-error-cause-2 = 值的類型錯誤（containerd 預期字串或清單的地方卻填了數字）
containerd-config-error-cause-3 = containerd 無法讀取的設定版本
containerd-config-error-fix-1 = 修正上方指出的檔案；`containerd config dump` 會顯示 containerd 本身如何解讀其設定。
containerd-config-error-fix-2 = 變更 config.toml 後重新啟動 containerd（hosts.toml 會在每次提取時重新讀取）。

# CONTAINERD_PULL_ERROR (an acr-health extension)
containerd-pull-error-title = 透過 containerd 提取失敗
containerd-pull-error-meaning = 使用 --node 與 --image 時：containerd 本身的用戶端無法使用節點的 hosts 目錄與 kubelet 身分識別的認證提取映像，而這與 kubelet 要求 containerd 執行的動作十分接近。
containerd-pull-error-message = 透過 containerd 從登錄「{ $ls }」提取「{ $image }」失敗。{ $reason }
containerd-pull-error-cause-1 = hosts.toml 中的某個鏡像出示的憑證不在其 ca 檔案的涵蓋範圍內，或 ca 檔案有誤
containerd-pull-error-cause-2 = 節點無法連線到 hosts.toml 中的任何主機，或有覆寫設定將登錄的主機導向他處
containerd-pull-error-cause-3 = kubelet 身分識別無權提取此存放庫（請參閱上方的 kubelet 身分識別檢查）
containerd-pull-error-cause-4 = containerd 未執行，或 CONTAINERD_ADDRESS 未指向它的通訊端
containerd-pull-error-fix-1 = 從上方的原因中查看 containerd 嘗試了哪些主機、各自為何失敗，再修正 hosts.toml 中對應的項目。
containerd-pull-error-fix-2 = 在節點上手動執行上方顯示的命令，以取得 containerd 的完整記錄（加上 --http-dump 可查看每個要求）。

# SLOW_TLS_HANDSHAKE_WARNING (an acr-health extension)
slow-tls-handshake-warning-title = 連線建立緩慢
slow-tls-handshake-warning-meaning = 這是警告，不是失敗：連線已建立，但光是建立連線所花的時間，就相當於與其他區域的登錄往返多次。每條新連線都要再付出一次這段時間，因此提取大量映像層時影響最明顯。
slow-tls-handshake-warning-message = 與「{ $host }」建立連線（TCP 與 TLS 交握）花了 { $took }，超過 { $limit }。
slow-tls-handshake-warning-cause-1 = 會檢查 TLS 的 Proxy 或防火牆速度緩慢或負載過重
slow-tls-handshake-warning-cause-2 = 路徑上有封包遺失，使 TCP 與 TLS 必須等待重新傳輸
slow-tls-handshake-warning-cause-3 = 端點距離非常遠（位於其他大陸，或經由衛星連結）
slow-tls-handshake-warning-cause-4 = 機器或容器的 CPU 嚴重不足，連交握本身都變慢
slow-tls-handshake-warning-fix-1 = 加上 --timings 再執行一次，以查看每條連線的建立時間及其主機。
slow-tls-handshake-warning-fix-2 = 若路徑上有會檢查 TLS 的 Proxy，將登錄的登入伺服器與資料端點排除在檢查範圍之外。
slow-tls-handshake-warning-fix-3 = 從靠近用戶端區域的異地複本提取，或改在離登錄較近的地方執行用戶端。

# SLOW_TOKEN_REQUEST_WARNING (an acr-health extension)
slow-token-request-warning-title = 權杖要求緩慢
slow-token-request-warning-meaning = 這是警告，不是失敗：登錄的權杖服務有回應，但速度很慢。每次提取與推送都從這類要求開始，因此在任何內容開始傳輸之前，用戶端都得等待這麼久。
slow-token-request-warning-message = 權杖要求 { $what }（送往「{ $host }」）花了 { $took } 才得到回應，超過 { $limit }。
slow-token-request-warning-cause-1 = 登錄正遭到節流或負載沉重（其層級的要求限制）
slow-token-request-warning-cause-2 = 權杖服務檢查呼叫端的身分識別或角色指派時速度緩慢
slow-token-request-warning-cause-3 = Proxy 或防火牆會先扣住要求，再轉送出去
slow-token-request-warning-fix-1 = 加上 --timings 再執行一次，以查看要求的首位元組時間，與連線建立時間分開列出。
slow-token-request-warning-fix-2 = 若問題持續，檢查登錄計量中是否有節流（HTTP 429 回應），並考慮改用更高的服務層級。
slow-token-request-warning-fix-3 = 在 Azure 狀態頁面查看登錄所在區域的狀態。

# DEADLINE_EXCEEDED_ERROR (an acr-health extension)
deadline-exceeded-error-title = 已超過執行期限
deadline-exceeded-error-meaning = --deadline 限制整次執行的時間。期限到時此檢查尚未完成，因此已被停止，並視為失敗。
deadline-exceeded-error-message = 已到達執行期限 { $deadline }，但檢查「{ $title }」仍在執行。
deadline-exceeded-error-cause-1 = 伺服器接受連線，但回應緩慢或始終沒有回應
deadline-exceeded-error-cause-2 = 期限短於各項檢查在此網路上所需的時間（每個網路步驟最多可能花費 --timeout 的時間）
deadline-exceeded-error-cause-3 = 認證鏈會嘗試多個來源，而每個來源都要很久才失敗
deadline-exceeded-error-fix-1 = 加上 --debug 再執行一次，以查看哪個要求仍在等待。
deadline-exceeded-error-fix-2 = 設定更長的 --deadline，或設定更短的 --timeout，讓每個步驟更早放棄。

# OPEN_FILES_LIMIT_ERROR (an acr-health extension)
open-files-limit-error-title = 開啟檔案數已達上限（acr-health 自身的限制）
open-files-limit-error-meaning = acr-health 無法開啟通訊端或檔案，因為它已達到可開啟的檔案數上限，或整台機器的開啟檔案表已滿。檢查在此中止，因此視為失敗；但問題出在這台機器的限制，而不是登錄或網路。原因欄會列出上限值以及檢查當時正在做的事。
open-files-limit-error-message = 檢查「{ $title }」無法完成：acr-health 本身的檔案描述元已用盡。這與登錄的狀態無關。
open-files-limit-error-cause-1 = --parallel 設得過高，同時檢查的登錄所需的通訊端超過開啟檔案數上限
open-files-limit-error-cause-2 = 處理程序的開啟檔案數上限過低：殼層的 `ulimit -n`、服務管理員或容器執行階段的預設值
open-files-limit-error-cause-3 = 機器上另一個處理程序佔用了幾乎所有的系統開啟檔案（ENFILE）
open-files-limit-error-fix-1 = 減少同時檢查的登錄數：調低 --parallel（預設值 64 在 1,024 的上限內）。
open-files-limit-error-fix-2 = 或提高 acr-health 的開啟檔案數上限：在啟動它的殼層使用 `ulimit -n`，systemd 單元使用 LimitNOFILE=，容器使用 --ulimit nofile=。
open-files-limit-error-fix-3 = 若原因指出系統的檔案表已滿（ENFILE），請先找出佔用檔案的處理程序（`lsof`），再考慮提高整台機器的上限。

# INTERNAL_ERROR (an acr-health extension)
internal-error-title = acr-health 內部錯誤
internal-error-meaning = 某項檢查遇到 acr-health 本身的程式錯誤，因而無法完成。其他檢查不受影響；此次執行視為失敗。
internal-error-message = 檢查「{ $title }」因 acr-health 的程式錯誤而停止。
internal-error-cause-1 = 回應或檔案的結構不符合 acr-health 的預期
internal-error-cause-2 = acr-health 本身的缺陷
internal-error-fix-1 = 回報此問題，並附上版本（`acr-health --version`）、命令列與此訊息；回報方式請參閱 docs/security.md。
internal-error-fix-2 = 加上 --ignore-errors 再執行一次，以查看其餘檢查的結果。

## Remediation for special cases

remedy-private-endpoints-only-fix-1 = 公用網路存取已停用，因此只有登錄的私人端點會接受用戶端連線，IP 規則也不適用：請從已連結至其中一個私人端點的網路執行。
remedy-private-endpoints-only-fix-2 = 在該網路中確認登入伺服器與每個資料端點都解析為私人端點的位址（私人 DNS 區域 privatelink.azurecr.io 必須連結至該網路）；可用 --vnet <network> 檢查。
remedy-private-endpoints-only-fix-3 = 若這些網路以外的用戶端也必須連線到登錄，在它們的網路中新增私人端點，或啟用公用存取（此時會套用登錄的 IP 規則）。

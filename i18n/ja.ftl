# acr-health の日本語カタログ (i18n/en.ftl の翻訳; i18n/GUIDE.md を参照)。

## The text report: error lines, summary, closing pointer

report-error-occurred = エラーが発生しました: { $code }
report-reason = 理由: { $reason }
report-what-to-do = 対処方法:
report-explain-error = 原因と対処の詳細は 'acr-health explain { $code }' を実行してください。
report-explain-warning = 詳細は 'acr-health explain { $code }' を実行してください。
report-error-link = 詳しくは { $link } を参照してください。
report-skipped = スキップ: { $title } ({ $why })
report-skipped-default = スキップしました
report-count-passed = 成功 { $count } 件
report-count-info = 情報 { $count } 件
report-count-warnings = 警告 { $count } 件
report-count-errors = エラー { $count } 件
report-count-skipped = スキップ { $count } 件
report-list-separator = {"、"}
report-summary = acr-health { $version } は { $time } に終了しました (所要 { $seconds } 秒): { $counts }。
report-interrupted = { $signal } により中断しました: 実行中のチェックは、それが起動したプログラムとともに停止しました。
report-stopped-each = 各レジストリは最初のエラーで停止しました。すべてのチェックを実行するには --ignore-errors を指定してください。
report-stopped = 最初のエラーで停止しました。すべてのチェックを実行するには --ignore-errors を指定してください。
report-closing = 詳しくは { $link } を参照してください。

## -o markdown: heading, table columns, summary

markdown-heading = acr-health レポート
markdown-meta = acr-health { $version } · 開始 { $started } · { $seconds } 秒 · レジストリ: { $registries }
markdown-no-registries = なし
markdown-column-check = チェック
markdown-column-status = 状態
markdown-column-result = 結果
markdown-column-ms = ミリ秒
markdown-summary = 成功 { $passed } 件、警告 { $warnings } 件、エラー { $errors } 件、スキップ { $skipped } 件
markdown-stopped = (最初のエラーで停止)

## A check's status in words (the markdown table's status column)

status-ok = OK
status-info = 情報
status-warning = 警告
status-error = エラー
status-skipped = スキップ

## acr-health explain CODE

explain-extension = (acr-health の拡張コード)
explain-message = メッセージ:
explain-az-message = az と -o az が出力する英語のメッセージ:
explain-causes = 考えられる原因:
explain-fixes = 対処方法:
explain-more = 詳細: { $link }

## acr-health codes

codes-extension = (拡張)

## The docs/errors.<lang>.md page

errors-doc-heading = エラー コード
errors-doc-intro = acr-health が報告するすべてのコードです。「拡張」と記したコードはこのプロジェクト独自のもので、それ以外は Azure Container Registry の正常性チェックのエラー リファレンスに従っています。{ $command } を実行すると、同じ内容をオフラインで表示できます。
errors-doc-column-code = コード
errors-doc-column-title = 概要
errors-doc-column-kind = 種類
errors-doc-kind-extension = 拡張
errors-doc-kind-reference = リファレンス
errors-doc-reference = リファレンス: { $link }

## The spinner on a terminal, and --wait's notes (stderr)

spinner-starting = 開始しています
spinner-running = 実行中: { $titles }
spinner-attempt-failed = { $attempt } 回目の試行が失敗しました。再試行します (残り { $left })
spinner-attempt-failed-code = { $attempt } 回目の試行が失敗しました ({ $code })。再試行します (残り { $left })
spinner-next-attempt = { $note }。次の試行まで { $pause }

## Check titles

check-configuration = 構成
check-arguments = 引数
check-environment = 環境のチェック
check-docker = Docker のチェック
check-docker-command = Docker コマンド
check-docker-daemon = Docker デーモン
check-docker-version = Docker のバージョン
check-docker-pull = Docker のプル
check-docker-daemon-settings = Docker デーモンの設定
check-tool-version = acr-health のバージョン
check-connection-verification = 接続の検証
check-node = Kubernetes ノード
check-node-config = ノードの構成
check-node-credential-provider = kubelet の資格情報プロバイダー
check-registry = レジストリ
check-registry-login-server = ログイン サーバー
check-registry-dns = DNS 参照
check-registry-challenge = チャレンジ エンドポイント
check-registry-network-access = ネットワーク アクセス
check-registry-settings = レジストリの設定
check-registry-credential = 資格情報
check-node-kubelet-identity = kubelet の ID
check-registry-refresh-token = 更新トークン
check-registry-access-token = アクセス トークン
check-registry-data-path = データ パス
check-node-containerd-hosts = containerd のレジストリ ホスト
check-node-containerd-pull = containerd でのプル
check-registry-replications = geo レプリケーション
check-registry-data-endpoints = データ エンドポイント
check-registry-regional-endpoints = リージョン エンドポイント
check-registry-dual-stack = デュアル スタック
check-registry-cmk = CMK の ID
check-registry-docker-login = Docker ログイン
check-registry-docker-route = Docker デーモンの経路
check-vnet = プライベート エンドポイントの DNS
check-vnet-private-endpoint = プライベート エンドポイントの DNS
check-helm = Helm のチェック
check-helm-command = Helm コマンド
check-helm-version = Helm のバージョン
check-notary = Notary のチェック
check-notary-version = Notary のバージョン
title-clock-skew = 時刻のずれ

## Message templates besides the codes' own

msg-failed-command = コマンド '{ $cmd }' の実行に失敗しました。{ $stderr }
msg-helm-retrieve-failed = Helm のバージョンを取得できませんでした。最新の Azure CLI と推奨バージョンの Helm を使っているか確認してください。
msg-notary-retrieve-failed = notary のバージョンを取得できませんでした。最新の Azure CLI と推奨バージョンの notary を使っているか確認してください。
msg-lacking-permissions = このリポジトリに対して持っている権限は { $granted } で、{ $missing } の権限がありません。レジストリ内のこのリポジトリに対して、読み取り・書き込み・削除のすべての権限があるか確認してください。
msg-lacking-all-permissions = このリポジトリに対する権限がなく、{ $missing } の権限がありません。レジストリ内のこのリポジトリに対して、読み取り・書き込み・削除のすべての権限があるか確認してください。
msg-data-endpoint = レジストリ '{ $ls }' はレイヤーをデータ エンドポイント '{ $endpoint }' から配信していますが、ここからは到達できないため、そこに格納されたコンテンツのプルは失敗します。{ $reason }

## Error codes: title, meaning, message, causes, what to do

# DOCKER_COMMAND_ERROR
docker-command-error-title = Docker クライアントを使用できない
docker-command-error-meaning = 使用できる docker クライアントが見つからなかったため、docker のチェックはどれも実行できませんでした。
docker-command-error-message = Docker クライアントがインストールされ、動作しているか確認してください。
docker-command-error-cause-1 = docker (または podman) がインストールされていないか、このシェルの PATH にない
docker-command-error-cause-2 = DOCKER_COMMAND が存在しないプログラムを指している
docker-command-error-cause-3 = 見つかった docker がカレント ディレクトリのものだけで、acr-health はそれを実行しない
docker-command-error-fix-1 = docker クライアントをインストールするか、そのディレクトリを PATH に追加してください。
docker-command-error-fix-2 = 別のクライアントを使う場合は、DOCKER_COMMAND にその絶対パスを設定してください。
docker-command-error-fix-3 = docker のない Pod や CI ジョブでは --skip docker を指定してください。

# DOCKER_DAEMON_ERROR
docker-daemon-error-title = Docker デーモンに接続できない
docker-daemon-error-meaning = docker クライアントは動作しますが、docker デーモンと通信できません。
docker-daemon-error-message = Docker デーモンが動作しているか確認するか、再起動してみてください。
docker-daemon-error-cause-1 = デーモン (dockerd、Docker Desktop) が起動していない
docker-daemon-error-cause-2 = DOCKER_HOST または現在の docker コンテキストが、誰も待ち受けていないソケットを指している
docker-daemon-error-cause-3 = このユーザーがデーモンのソケットを開けない (docker グループに属していない)
docker-daemon-error-fix-1 = デーモンを起動してください (例: `sudo systemctl start docker`、または Docker Desktop を開く)。
docker-daemon-error-fix-2 = `docker context ls` と DOCKER_HOST が意図したデーモンを指しているか確認してください。
docker-daemon-error-fix-3 = Linux では、ユーザーを docker グループに追加してから、ログインし直してください。

# DOCKER_VERSION_ERROR
docker-version-error-title = Docker のバージョンを読み取れない
docker-version-error-meaning = `docker version` が失敗したか、acr-health が読み取れない内容を出力しました。
docker-version-error-message = Docker のバージョンを取得できませんでした。手動で確認してみてください。
docker-version-error-cause-1 = 壊れているか、非常に古い docker クライアント
docker-version-error-cause-2 = docker の代わりに置かれた、--format を理解しないラッパー スクリプト
docker-version-error-cause-3 = コマンドが応答しなくなり、タイムアウトで停止された
docker-version-error-fix-1 = 上に表示されたコマンドを自分で実行し、そのエラーを読んでください。
docker-version-error-fix-2 = docker クライアントを再インストールするか、アップグレードしてください。

# DOCKER_PULL_ERROR
docker-pull-error-title = Docker のテスト プルに失敗
docker-pull-error-meaning = docker デーモンが小さなテスト イメージをプルできなかったため、どのレジストリからのプルも失敗するおそれがあります。
docker-pull-error-message = サンプル イメージのプル中にエラーが発生しました。ネットワーク接続を確認し、Docker デーモンが正常に動作しているか確認してください。
docker-pull-error-cause-1 = デーモンからインターネットまたはイメージのレジストリへの経路がない
docker-pull-error-cause-2 = プロキシが必要なのに、デーモンがそれを知らない
docker-pull-error-cause-3 = デーモンのディスクがいっぱいか、--pull-image で指定したイメージ名が存在しない
docker-pull-error-fix-1 = 上に表示された docker 自身のエラーを読んでください。たいていホスト名か理由が書かれています。
docker-pull-error-fix-2 = プロキシの内側にいる場合は、シェルだけでなくデーモンのプロキシも設定してください。
docker-pull-error-fix-3 = 同じイメージを手動で `docker pull` して再現してみてください。

# HELM_COMMAND_ERROR
helm-command-error-title = Helm クライアントが見つからない
helm-command-error-meaning = PATH 上に helm クライアントが見つかりませんでした。
helm-command-error-message = Helm がインストールされているか確認してください。
helm-command-error-cause-1 = helm がインストールされていないか、このシェルの PATH にない
helm-command-error-fix-1 = チャートをプッシュまたはプルする場合は、helm 3 をインストールしてください。
helm-command-error-fix-2 = helm を使わない場合は --skip helm を指定してください。

# HELM_VERSION_ERROR
helm-version-error-title = Helm クライアントが古すぎる
helm-version-error-meaning = az と同じく、1 つのコードで 2 つの問題を表します: `helm version --client` が失敗したか、報告された helm クライアントが 2.11.0 より古いかです。
helm-version-error-message = 現在の Helm クライアントのバージョンは推奨されません。Helm クライアントをバージョン 2.11.0 以降にアップグレードしてください。
helm-version-error-cause-1 = 古い helm 2 クライアント
helm-version-error-cause-2 = `helm version --client` が失敗した
helm-version-error-fix-1 = メッセージがコマンドの失敗を示している場合は、`helm version --client` を自分で実行してください。コマンドの後ろのテキストは helm 自身のエラーです。
helm-version-error-fix-2 = クライアントが 2.11.0 より古い場合は helm をアップグレードしてください。helm 3 は OCI でレジストリと直接通信します。

# NOTARY_VERSION_ERROR
notary-version-error-title = Notary クライアントに互換性がない
notary-version-error-meaning = notary クライアントが、Docker Content Trust で動作が確認されているバージョン (0.6.0) ではないか、`notary version` が失敗しました。
notary-version-error-message =
    現在の notary のバージョンは推奨されません。notary クライアントをバージョン 0.6.0 に{ $direction ->
        [upgrade] アップグレード
       *[downgrade] ダウングレード
    }してください。
notary-version-error-cause-1 = PATH の先頭側に、より古いか新しい notary バイナリがある
notary-version-error-cause-2 = バージョンを報告しない notary のビルド
notary-version-error-fix-1 = notary 0.6.0 をインストールするか、もう一方のバイナリを PATH から外してください。各プラットフォーム向けのビルドはプロジェクトのリリース ページにあります: https://github.com/notaryproject/notary/releases
notary-version-error-fix-2 = Windows では、docker は docker 自身のバイナリがあるフォルダー (Docker Desktop では通常 `C:\Program Files\Docker\Docker\resources\bin`) にある `notary.exe` しか見つけません。Windows 用のビルドをダウンロードし、`notary.exe` に名前を変更してそこに置いてください。
notary-version-error-fix-3 = 規則は最低バージョンではなく「ちょうど 0.6.0」なので、新しいクライアントも警告されます。notary 0.6.1 でトラスト サーバーに対するリモート操作の認証が壊れたため、az はこの規則を採用しました。
notary-version-error-fix-4 = notary が支える Docker Content Trust は非推奨です。新たにイメージに署名する場合は Notation (Notary Project v2) を使ってください。Docker Content Trust でイメージに署名しない場合は --skip notary を指定してください。

# CMK_ERROR
cmk-error-title = 暗号化用の ID がない
cmk-error-meaning = レジストリはカスタマー マネージド キーで暗号化されており、すでに存在しないマネージド ID を通じてキー コンテナーにアクセスしようとしているため、キーに到達できません。
cmk-error-message = レジストリ '{ $name }' の暗号化に使われる ID が存在しません。
cmk-error-cause-1 = ユーザー割り当て ID が削除された
cmk-error-cause-2 = 暗号化がまだ参照しているのに、ID がレジストリから外された
cmk-error-fix-1 = レジストリの暗号化設定に記載された ID を作成し直すか、割り当て直してください。
cmk-error-fix-2 = キー コンテナー内のキーに対する get/wrapKey/unwrapKey のアクセスを、その ID に再び付与してください。
cmk-error-fix-3 = キー コンテナーには、レジストリのシステム割り当て ID でもユーザー割り当て ID でもアクセスできます。キーへのアクセス権があればどちらでも動作します。
cmk-error-fix-4 = 別の ID に切り替えるには、キーをローテーションし、同じ手順でその ID を指定してください (`az acr encryption rotate-key --identity <client id or [system]>`)。

# CONNECTIVITY_DNS_ERROR
connectivity-dns-error-title = DNS 参照に失敗
connectivity-dns-error-meaning = レジストリの名前をアドレスに変換できませんでした。
connectivity-dns-error-message = レジストリ '{ $ls }' の DNS に到達できませんでした。名前のつづり、CLI 環境のクラウド、ネットワーク接続が正しいか確認してください。
connectivity-dns-error-cause-1 = レジストリ名の入力ミス、またはクラウドの誤り (.azurecr.io と .azurecr.cn / .azurecr.us)
connectivity-dns-error-cause-2 = DNS サーバーに到達できない、SERVFAIL を返す、またはタイムアウトする
connectivity-dns-error-cause-3 = privatelink.azurecr.io のプライベート DNS ゾーンに、レジストリのレコードがない
connectivity-dns-error-fix-1 = 名前とクラウド (--cloud) を、レジストリのログイン サーバーと照らし合わせてください。
connectivity-dns-error-fix-2 = 自分で名前を引いてみてください (`nslookup <login server>`)。信頼できるリゾルバーを --dns-server で指定して試すこともできます。
connectivity-dns-error-fix-3 = プライベート エンドポイントを使う場合は、ネットワークにリンクされた privatelink.azurecr.io ゾーンの A レコードを確認してください。
connectivity-dns-error-fix-4 = レジストリ名だけを指定し、Azure からレジストリを読み取れなかった場合 (読み取り権限がない、またはサブスクリプションが違う)、ログイン サーバーは名前から推測されています。レジストリの読み取り権限を得るか、-n でログイン サーバーを指定してください。

# CONNECTIVITY_FORBIDDEN_ERROR
connectivity-forbidden-error-title = レジストリがアクセスを拒否
connectivity-forbidden-error-meaning = レジストリがログインの前に 403 を返しました。ネットワーク規則がこのクライアントを許可していません。
connectivity-forbidden-error-message = レジストリ '{ $ls }' へのアクセス権がないようです。構成されたファイアウォール規則を確認するには、'az acr show --query networkRuleSet --name { $name }' を実行してください。詳細: https://learn.microsoft.com/ja-jp/azure/container-registry/container-registry-health-error-reference#connectivity_forbidden_error
connectivity-forbidden-error-cause-1 = レジストリのファイアウォールが特定の IP 範囲やネットワークだけを許可しており、このクライアントは含まれていない
connectivity-forbidden-error-cause-2 = パブリック ネットワーク アクセスが無効で、プライベート エンドポイントを経由していない
connectivity-forbidden-error-fix-1 = 上に表示されたクライアント IP をレジストリのネットワーク規則に追加するか、許可されたネットワークから接続してください。
connectivity-forbidden-error-fix-2 = レジストリがプライベート エンドポイントを使う場合は、ここで名前がプライベート アドレスに解決されることを確認してください (--vnet)。

# CONNECTIVITY_CHALLENGE_ERROR
connectivity-challenge-error-title = 認証チャレンジがない
connectivity-challenge-error-meaning = `GET /v2/` が、ログインを始めるためにどのレジストリも返す 401 チャレンジで終わりませんでした。
connectivity-challenge-error-message = レジストリ '{ $ls }' がチャレンジを返しませんでした。
connectivity-challenge-error-cause-1 = 接続が拒否された、リセットされた、またはタイムアウトした
connectivity-challenge-error-cause-2 = プロキシやゲートウェイがレジストリの代わりに応答した
connectivity-challenge-error-cause-3 = サーバーがコンテナー レジストリではない
connectivity-challenge-error-fix-1 = 返ってきた内容 (上に表示) を読み、誰が応答したのか確認してください。
connectivity-challenge-error-fix-2 = クライアントとレジストリの間にあるプロキシ (HTTPS_PROXY / NO_PROXY) とファイアウォールを確認してください。
connectivity-challenge-error-fix-3 = 間にあるものに問題がなければ、サービスに一時的な問題が起きている可能性があります。数分後にもう一度試してください。
connectivity-challenge-error-fix-4 = 失敗が続く場合は、Azure portal でレジストリのサポート リクエストを作成し (ヘルプとサポート)、サービスの問題として報告してください。

# CONNECTIVITY_AAD_LOGIN_ERROR
connectivity-aad-login-error-title = このレジストリは AAD ログインに非対応
connectivity-aad-login-error-meaning = レジストリのチャレンジが realm と service を持つ Bearer チャレンジではないため、トークンでログインできません。
connectivity-aad-login-error-message = レジストリ '{ $ls }' は AAD ログインをサポートしていません。
connectivity-aad-login-error-cause-1 = サーバーが Basic 認証しか行わないレジストリ (Azure のレジストリではない)
connectivity-aad-login-error-cause-2 = 途中の何かが WWW-Authenticate ヘッダーを書き換えた
connectivity-aad-login-error-fix-1 = 名前が Azure コンテナー レジストリを指していることを確認してください。
connectivity-aad-login-error-fix-2 = Basic 認証のレジストリは、代わりに `docker login` でテストしてください。
connectivity-aad-login-error-fix-3 = Entra ID の代わりとして、レジストリの管理者ユーザーを有効にし、その資格情報でログインすることもできます (ここでは -u/-p、または `docker login`)。

# CONNECTIVITY_REFRESH_TOKEN_ERROR
connectivity-refresh-token-error-title = 更新トークンが拒否された
connectivity-refresh-token-error-meaning = レジストリが Entra ID トークンをレジストリの更新トークンに交換しませんでした。
connectivity-refresh-token-error-message = レジストリ '{ $ls }' へのアクセスが拒否されました。応答コード: { $status }。権限を更新するため、もう一度 'az login' を実行してみてください。
connectivity-refresh-token-error-cause-1 = ID がレジストリに対するロール (AcrPull 以上) を持っていない
connectivity-refresh-token-error-cause-2 = Entra ID トークンが別のテナントのもの、期限切れ、または対象ユーザー (audience) が違う
connectivity-refresh-token-error-cause-3 = レジストリで AAD 認証 (ARM を対象とするトークン) が無効になっている
connectivity-refresh-token-error-fix-1 = 上に表示された ID に、レジストリに対するロール (例: AcrPull) を付与してください。
connectivity-refresh-token-error-fix-2 = 新しいトークンを取得してください (ログインし直すか、サービス プリンシパルのテナントを確認する)。

# CONNECTIVITY_ACCESS_TOKEN_ERROR
connectivity-access-token-error-title = アクセス トークンが拒否された
connectivity-access-token-error-meaning = 要求したスコープのアクセス トークンをレジストリが発行しなかったか、要求より少ない操作しか許可しませんでした。
connectivity-access-token-error-message = レジストリ '{ $ls }' へのアクセスが拒否されました。応答コード: { $status }。権限を更新するため、もう一度 'az login' を実行してみてください。
connectivity-access-token-error-cause-1 = ID のロールに、要求した操作が含まれていない
connectivity-access-token-error-cause-2 = リポジトリ スコープのトークンやスコープ マップが、できる操作を制限している
connectivity-access-token-error-cause-3 = 管理者のユーザー名またはパスワードが間違っている
connectivity-access-token-error-fix-1 = 上に表示された許可済みの操作と不足している操作を、想定していたロールと比べてください。
connectivity-access-token-error-fix-2 = それらを含むロールを割り当ててください (プッシュには AcrPush、削除には AcrDelete)。

# CONNECTIVITY_SSL_ERROR
connectivity-ssl-error-title = TLS ハンドシェイクに失敗
connectivity-ssl-error-meaning = レジストリへの信頼できる TLS 接続を確立できませんでした。
connectivity-ssl-error-message = レジストリ '{ $ls }' への安全な接続を確立できません。プロキシ サーバーを使っていませんか?
connectivity-ssl-error-cause-1 = このマシンが信頼していないルート証明書を使う、TLS を検査するプロキシ
connectivity-ssl-error-cause-2 = 名前が、別のホストの証明書を提示するサーバーに解決される
connectivity-ssl-error-cause-3 = 証明書の期限切れ、または TLS 1.2 未満しか提供しないサーバー
connectivity-ssl-error-fix-1 = ネットワークが TLS を検査している場合は、そのルート証明書を --ca-cert (または SSL_CERT_FILE) で指定してください。
connectivity-ssl-error-fix-2 = 名前が途中の何かではなく、レジストリに解決されることを確認してください。

# CONNECTIVITY_TOOMANYREQUESTS_ERROR
connectivity-toomanyrequests-error-title = 調整 (スロットリング) された
connectivity-toomanyrequests-error-meaning = レジストリがこのクライアントの要求を調整しています (HTTP 429)。
connectivity-toomanyrequests-error-message = 要求が多すぎるため、レジストリ '{ $ls }' へのアクセスが拒否されました。しばらく待ってから再試行してください。
connectivity-toomanyrequests-error-cause-1 = 多数のクライアントやパイプラインが同時にログインしている
connectivity-toomanyrequests-error-cause-2 = 間隔を空けずに再試行を繰り返すループ
connectivity-toomanyrequests-error-fix-1 = レジストリが指定した時間 (Retry-After。送られた場合は上に表示) だけ待ってから再試行してください。
connectivity-toomanyrequests-error-fix-2 = ログインの時間をずらし、プルのたびにトークンを取得せず再利用してください。
connectivity-toomanyrequests-error-fix-3 = 要求の上限はレジストリのサービス レベル (SKU: Basic、Standard、Premium) で決まります。通常の使い方で上限に達する場合は、より上位のレベルに移行してください。

# LOGIN_SERVER_ERROR
login-server-error-title = ログイン サーバーが不明
login-server-error-meaning = acr-health はレジストリのログイン サーバーを特定できませんでした。
login-server-error-message = レジストリ '{ $name }' のログイン サーバーを取得中にエラーが発生しました。名前のつづり、CLI 環境のクラウド、そのレジストリに対する権限が正しいか確認してください。
login-server-error-cause-1 = クラウドに既知のレジストリ サフィックスがない (サフィックスのないカスタム クラウド)
login-server-error-cause-2 = レジストリがサブスクリプションに存在しないか、読み取れない
login-server-error-fix-1 = ログイン サーバーそのものを指定してください: -n myregistry.azurecr.io
login-server-error-fix-2 = レジストリ名のつづりを確認してください。
login-server-error-fix-3 = 使用している ID に、レジストリを読み取る権限 (レジストリまたはそのリソース グループに対する閲覧者などのロール) があることを確認してください。
login-server-error-fix-4 = --cloud で正しいクラウドを選ぶか、カスタム クラウドのサフィックスを Azure CLI に登録してください。Azure CLI のクラウド一覧が古くてサフィックスを知らない場合は、Azure CLI を更新してください (`az upgrade`)。

# CREDENTIAL_ERROR
credential-error-title = 使用できる資格情報がない
credential-error-meaning = どの資格情報ソースも Entra ID トークンを取得できなかった (または何も構成されていない) ため、ログインの手順を実行できませんでした。
credential-error-message = レジストリ '{ $ls }' に使用できる資格情報がありませんでした。{ $reason }
credential-error-cause-1 = 何も構成されていない: -u/-p、ACR_HEALTH_AAD_TOKEN、サービス プリンシパル、ワークロード ID、マネージド ID、Azure CLI のログインのいずれもない
credential-error-cause-2 = 構成されたソースが失敗した (例: クライアント シークレットの誤り (AADSTS7000215)、不明なテナント)
credential-error-fix-1 = 上に表示された、試行したソースを読み、使うつもりだったソースを修正してください。
credential-error-fix-2 = サービス プリンシパルの場合は、AZURE_TENANT_ID、AZURE_CLIENT_ID、AZURE_CLIENT_SECRET を設定してください。
credential-error-fix-3 = 匿名プルを許可しているレジストリの場合は、--anonymous を指定してください。

# UNTRUSTED_REALM_ERROR
untrusted-realm-error-title = トークンの realm が別のホスト
untrusted-realm-error-meaning = チャレンジが、別のホスト上のトークン サービスを指定しました。acr-health はトークンやパスワードを、レジストリ自身のホストにしか送りません。
untrusted-realm-error-message = レジストリ '{ $ls }' は資格情報を '{ $realm }' に送るよう求めましたが、これはレジストリ自身のホストではありません。何も送信していません。
untrusted-realm-error-cause-1 = プロキシや、レジストリになりすましたサーバーが応答している
untrusted-realm-error-cause-2 = セルフホストのレジストリの前にある、構成を誤ったリバース プロキシ
untrusted-realm-error-fix-1 = レジストリの名前が途中の何かではなく、レジストリに解決されることを確認してください。
untrusted-realm-error-fix-2 = realm のホストを誰が運用しているか分かるまで、このエンドポイントにはログインしないでください。

# INSECURE_ENDPOINT_ERROR
insecure-endpoint-error-title = 資格情報の送信先が https ではない
insecure-endpoint-error-meaning = シークレットやトークンを受け取るエンドポイント (Entra ID の機関、ARM エンドポイント、マネージド ID のエンドポイント) が、通常の https:// URL ではありません。acr-health は資格情報を平文では送らないため、そこには一切要求を送っていません。
insecure-endpoint-error-message = { $what } '{ $url }' ({ $from } から) は { $why } です。資格情報の送信先であるため、何も送信していません。
insecure-endpoint-error-cause-1 = Azure CLI に登録されたカスタム クラウド (clouds.config) のエンドポイントが http:// であるか、ユーザー名、クエリ、フラグメントを含んでいる
insecure-endpoint-error-cause-2 = このマシン上にない、平文 http のマネージド ID エンドポイント (IDENTITY_ENDPOINT)
insecure-endpoint-error-fix-1 = メッセージに示された出どころでエンドポイントを修正してください。カスタム クラウドの場合: `az cloud update --name <cloud> --endpoint-resource-manager https://…` (または --endpoint-active-directory)。
insecure-endpoint-error-fix-2 = サービスが平文の http しか話さない場合は、前段に TLS を置いてください。資格情報は https でしか送られません。

# PRIVATE_ENDPOINT_DNS_ERROR
private-endpoint-dns-error-title = DNS がプライベート エンドポイントを迂回
private-endpoint-dns-error-meaning = レジストリのプライベート エンドポイントが提供する名前が、ここでは別のアドレスに解決されるため、その通信はエンドポイントを通りません。
private-endpoint-dns-error-message = DNS がレジストリ '{ $name }' を、仮想ネットワーク '{ $vnet }' 内のプライベート エンドポイントに向けていません。{ $reason }
private-endpoint-dns-error-cause-1 = privatelink.azurecr.io のプライベート DNS ゾーンがこの仮想ネットワークにリンクされていない
private-endpoint-dns-error-cause-2 = ゾーンに、エンドポイントの名前のいずれか (多くはデータ エンドポイント、例: <registry>.<region>.data.azurecr.io) のレコードがない
private-endpoint-dns-error-cause-3 = カスタム DNS サーバーが、名前を Azure DNS (168.63.129.16) ではなくパブリック DNS に転送している
private-endpoint-dns-error-fix-1 = privatelink.azurecr.io ゾーンを仮想ネットワークにリンクするか、上に表示された不足している A レコードを追加してください。
private-endpoint-dns-error-fix-2 = カスタム DNS サーバーを使う場合は、azurecr.io を Azure DNS (168.63.129.16) に転送してください。
private-endpoint-dns-error-fix-3 = ワークロードが使うリゾルバーを --dns-server に指定して、もう一度確認してください。

# IMAGE_NOT_FOUND_ERROR
image-not-found-error-title = イメージが見つからない
image-not-found-error-meaning = --image で指定したリポジトリとタグ (またはダイジェスト) のマニフェストがレジストリにありません。
image-not-found-error-message = イメージ '{ $image }' がレジストリ '{ $ls }' に見つかりませんでした。{ $reason }
image-not-found-error-cause-1 = リポジトリやタグの入力ミス (タグは大文字と小文字を区別します)
image-not-found-error-cause-2 = タグが削除されたか、保持ポリシーや消去タスクでタグが外された
image-not-found-error-cause-3 = リポジトリが別のレジストリにある
image-not-found-error-fix-1 = 存在するものを一覧表示してください: `az acr repository show-tags -n <registry> --repository <repo>`
image-not-found-error-fix-2 = デプロイが使う参照を、レジストリのプレフィックスも含めて正確に確認してください。

# DATA_PATH_ERROR
data-path-error-title = イメージのコンテンツをダウンロードできない
data-path-error-meaning = ログイン サーバーは応答しましたが、イメージのコンテンツをダウンロードできませんでした。BLOB は通常、別のデータ エンドポイント (BLOB ストレージまたは <registry>.<region>.data.azurecr.io) から届き、ファイアウォール、プロキシ、プライベート DNS はそれを別扱いすることがあります。
data-path-error-message = レジストリ '{ $ls }' からの '{ $image }' のプルに失敗しました。{ $reason }
data-path-error-cause-1 = ファイアウォールやプロキシが、ログイン サーバーは許可しているがデータ エンドポイントは許可していない
data-path-error-cause-2 = レジストリが示す専用データ エンドポイント (リージョンごとに 1 つ) が、ここでは解決できないか TLS ハンドシェイクを完了できない。acr-health は ARM からレジストリを読み取ったときに、その一つ一つを確認します
data-path-error-cause-3 = プライベート エンドポイントを使う場合に、データ エンドポイントの名前がプライベート DNS ゾーンにないか、到達できない
data-path-error-cause-4 = 専用データ エンドポイントが有効なのに、クライアント側のファイアウォール規則で許可されていない
data-path-error-fix-1 = ログイン サーバーを許可しているすべての場所で、上に示したデータ エンドポイント (とそのポート 443) も許可してください。
data-path-error-fix-2 = プライベート エンドポイントを使う場合は、--vnet を付けて再実行し、エンドポイントが提供するすべての名前を確認してください。

# KUBELET_IDENTITY_ERROR
kubelet-identity-error-title = kubelet の ID でサインインできない
kubelet-identity-error-meaning = --node 使用時: ノードのクラウド プロバイダー構成が kubelet に与える ID でレジストリのトークンを取得できないため、このレジストリからのノードのプルはすべて認可エラー (ImagePullBackOff) で失敗します。
kubelet-identity-error-message = kubelet の ID ({ $identity }) でレジストリ '{ $ls }' にサインインできません。{ $reason }
kubelet-identity-error-cause-1 = azure.json 内のサービス プリンシパルのシークレットが期限切れか、ローテーションされた (AADSTS7000222、AADSTS7000215)
kubelet-identity-error-cause-2 = aadClientId が、ノード構成のテナントに存在しないアプリケーションを指している
kubelet-identity-error-cause-3 = userAssignedIdentityID で指定したユーザー割り当て ID が、ノードの VM またはスケール セットに割り当てられていない (IMDS は 'Identity not found' と応答)
kubelet-identity-error-cause-4 = ID の Entra ID トークンならプルできるのに、レジストリがサービス プリンシパルのパスワードを拒否している
kubelet-identity-error-fix-1 = サービス プリンシパルの場合は、クラスターに新しいシークレットを与えてください (`az aks update-credentials --reset-service-principal`)。すべてのノードの azure.json が書き換えられます。
kubelet-identity-error-fix-2 = マネージド ID の場合は、userAssignedIdentityID の ID がノード プールのスケール セットに割り当てられていることを確認してください。
kubelet-identity-error-fix-3 = 変更後、ノード上で --node を付けて再実行してください。上の理由に、各サービスの応答が示されています。

# KUBELET_ACRPULL_ERROR
kubelet-acrpull-error-title = kubelet の ID にプルの権限がない
kubelet-acrpull-error-meaning = --node 使用時: Entra ID は kubelet の ID を受け入れますが、レジストリはプルを許可しません。ID がこのレジストリに対する AcrPull ロール (またはそれを含むロール) を持っていません。
kubelet-acrpull-error-message = kubelet の ID ({ $identity }) はサインインできますが、レジストリ '{ $ls }' からプルする権限がありません。{ $reason }
kubelet-acrpull-error-cause-1 = クラスターがレジストリにアタッチされたことがないか、別のレジストリにアタッチされている
kubelet-acrpull-error-cause-2 = AcrPull ロールの割り当てが別の ID (kubelet の ID ではなく、クラスターのコントロール プレーンの ID) に対して行われた
kubelet-acrpull-error-cause-3 = ロールが別のスコープ (別のレジストリやリソース グループ) に割り当てられたか、割り当てた直後である (反映には数分かかります)
kubelet-acrpull-error-cause-4 = レジストリがリポジトリのアクセス許可 (ABAC) を使っており、ID にこのリポジトリを対象とするロールがない
kubelet-acrpull-error-fix-1 = レジストリをクラスターにアタッチするか (`az aks update -n <cluster> -g <group> --attach-acr <registry>`)、上に示したクライアント ID に、レジストリのリソース ID をスコープとして AcrPull ロールを割り当ててください。
kubelet-acrpull-error-fix-2 = 新しいロールを割り当てたら数分待ち、--node を付けて再実行してください。

# CONTAINERD_CONFIG_ERROR
containerd-config-error-title = containerd のレジストリ構成を読み取れない
containerd-config-error-meaning = --node 使用時: containerd の構成ファイル、またはレジストリのホスト ディレクトリの hosts.toml を読み取れないか解析できないため、containerd は構成どおりにレジストリを解決できません。
containerd-config-error-message = '{ $ls }' に対する containerd のレジストリ構成を使用できません。{ $reason }
containerd-config-error-cause-1 = /etc/containerd/config.toml、またはその config_path 配下の hosts.toml に TOML の構文エラーがある
containerd-config-error-cause-2 = 値の種類が違う (containerd が文字列やリストを期待する箇所に数値がある)
containerd-config-error-cause-3 = containerd が読まない構成バージョン
containerd-config-error-fix-1 = 上に示したファイルを修正してください。`containerd config dump` で、containerd 自身が構成をどう読んでいるか確認できます。
containerd-config-error-fix-2 = config.toml を変更したら containerd を再起動してください (hosts.toml はプルのたびに読み込まれます)。

# CONTAINERD_PULL_ERROR
containerd-pull-error-title = containerd でのプルに失敗
containerd-pull-error-meaning = --node と --image の使用時: containerd 自身のクライアントが、ノードのホスト ディレクトリと kubelet の ID の資格情報ではイメージをプルできませんでした。これは kubelet が containerd に依頼する処理とほぼ同じです。
containerd-pull-error-message = containerd を使ったレジストリ '{ $ls }' からの '{ $image }' のプルに失敗しました。{ $reason }
containerd-pull-error-cause-1 = hosts.toml のミラーが、ca ファイルでは検証できない証明書を提示している、または ca ファイルが間違っている
containerd-pull-error-cause-2 = hosts.toml のすべてのホストにノードから到達できない、またはオーバーライドがレジストリのホストを別の場所に向けている
containerd-pull-error-cause-3 = kubelet の ID にリポジトリをプルする権限がない (上の kubelet の ID のチェックを参照)
containerd-pull-error-cause-4 = containerd が動作していない、または CONTAINERD_ADDRESS がそのソケットを指していない
containerd-pull-error-fix-1 = 上の理由から、containerd が試したホストとそれぞれが失敗した理由を読み、hosts.toml の該当エントリを修正してください。
containerd-pull-error-fix-2 = containerd の完全なログを見るには、上に表示されたコマンドをノード上で手動で実行してください (すべての要求を見るには --http-dump を追加)。

# SLOW_TLS_HANDSHAKE_WARNING
slow-tls-handshake-warning-title = 接続の確立が遅い
slow-tls-handshake-warning-meaning = 失敗ではなく警告です: 接続はできましたが、その確立だけで、別リージョンのレジストリとの何往復分もの時間がかかりました。新しい接続のたびにこの時間がかかるため、レイヤーの多いプルほど影響を受けます。
slow-tls-handshake-warning-message = '{ $host }' への接続の確立 (TCP と TLS ハンドシェイク) に { $took } かかりました。上限の { $limit } を超えています。
slow-tls-handshake-warning-cause-1 = TLS を検査するプロキシやファイアウォールが遅いか、過負荷になっている
slow-tls-handshake-warning-cause-2 = 経路上のパケット損失により、TCP と TLS が再送を待っている
slow-tls-handshake-warning-cause-3 = 非常に遠いエンドポイント (別の大陸、衛星回線)
slow-tls-handshake-warning-cause-4 = マシンやコンテナーの CPU が不足しており、ハンドシェイク自体が遅い
slow-tls-handshake-warning-fix-1 = --timings を付けて再実行し、各接続の確立時間とそのホストを確認してください。
slow-tls-handshake-warning-fix-2 = 経路に TLS を検査するプロキシがある場合は、レジストリのログイン サーバーとデータ エンドポイントを検査の対象外にしてください。
slow-tls-handshake-warning-fix-3 = クライアントに近いリージョンの geo レプリカからプルするか、クライアントをレジストリの近くで実行してください。

# SLOW_TOKEN_REQUEST_WARNING
slow-token-request-warning-title = トークン要求が遅い
slow-token-request-warning-meaning = 失敗ではなく警告です: レジストリのトークン サービスは応答しましたが、遅れました。プルやプッシュはすべてこの要求から始まるため、クライアントはコンテンツの転送が始まるまでこれだけ待たされます。
slow-token-request-warning-message = '{ $host }' へのトークン要求 { $what } の応答に { $took } かかりました。上限の { $limit } を超えています。
slow-token-request-warning-cause-1 = レジストリが調整 (スロットリング) されているか、高負荷である (サービス レベルの要求上限)
slow-token-request-warning-cause-2 = トークン サービスが呼び出し元の ID やロールの割り当ての確認に時間をかけている
slow-token-request-warning-cause-3 = 要求を保持してから転送するプロキシやファイアウォール
slow-token-request-warning-fix-1 = --timings を付けて再実行し、接続の確立とは別に、要求の最初のバイトまでの時間を確認してください。
slow-token-request-warning-fix-2 = 続く場合は、レジストリのメトリックで調整 (HTTP 429 の応答) を確認し、より上位のサービス レベルを検討してください。
slow-token-request-warning-fix-3 = レジストリのリージョンについて Azure の状態ページを確認してください。

# DEADLINE_EXCEEDED_ERROR
deadline-exceeded-error-title = 実行の期限を過ぎた
deadline-exceeded-error-meaning = --deadline は実行全体の期限です。期限を過ぎたときにこのチェックは終わっていなかったため、停止され、失敗として扱われます。
deadline-exceeded-error-message = チェック '{ $title }' は、実行の期限 { $deadline } を過ぎた時点でまだ実行中でした。
deadline-exceeded-error-cause-1 = 接続は受け付けるが、応答が遅いか応答しないサーバー
deadline-exceeded-error-cause-2 = このネットワークでチェックに必要な時間より短い期限 (ネットワークの各手順は最大 --timeout かかることがあります)
deadline-exceeded-error-cause-3 = 複数のソースを試し、そのそれぞれが失敗するまでに時間がかかる資格情報チェーン
deadline-exceeded-error-fix-1 = --debug を付けて再実行し、どの要求がまだ待っていたか確認してください。
deadline-exceeded-error-fix-2 = --deadline を長くするか、--timeout を短くして、各手順が早めにあきらめるようにしてください。

# OPEN_FILES_LIMIT_ERROR
open-files-limit-error-title = 開いているファイルの上限 (acr-health 自身の制限)
open-files-limit-error-meaning = acr-health が持てるファイル数 (開いているファイルの上限) に達していたか、マシン全体のオープン ファイル テーブルがいっぱいだったため、ソケットまたはファイルを開けませんでした。チェックはそこで止まったので失敗として数えますが、原因はこのマシンの制限であり、レジストリやネットワークではありません。理由の欄に上限の値とチェックが行っていた処理が示されます。
open-files-limit-error-message = チェック '{ $title }' を完了できませんでした: acr-health 自身のファイル記述子が尽きました。レジストリの状態を示すものではありません。
open-files-limit-error-cause-1 = --parallel が大きすぎ、同時に処理するレジストリが開いているファイルの上限を超える数のソケットを必要とした
open-files-limit-error-cause-2 = プロセスのオープン ファイル上限が低い: シェルの `ulimit -n`、サービス マネージャーやコンテナー ランタイムの既定値
open-files-limit-error-cause-3 = マシン上の別のプロセスがシステムのオープン ファイルをほぼすべて使っている (ENFILE)
open-files-limit-error-fix-1 = 同時に調べるレジストリを減らしてください: --parallel を下げます (既定値の 64 は上限 1,024 に収まります)。
open-files-limit-error-fix-2 = または acr-health のオープン ファイル上限を上げてください: 起動するシェルで `ulimit -n`、systemd ユニットでは LimitNOFILE=、コンテナーでは --ulimit nofile= を使います。
open-files-limit-error-fix-3 = 理由にシステムのテーブルがいっぱい (ENFILE) とある場合は、マシン自体の上限を上げる前に、ファイルを保持しているプロセスを (`lsof` で) 見つけてください。

# INTERNAL_ERROR
internal-error-title = acr-health の内部エラー
internal-error-meaning = チェックが acr-health 自身のバグに当たり、完了できませんでした。ほかのチェックには影響しませんが、実行は失敗として扱われます。
internal-error-message = チェック '{ $title }' は acr-health のバグにより停止しました。
internal-error-cause-1 = acr-health が想定していない形の応答やファイル
internal-error-cause-2 = acr-health の不具合
internal-error-fix-1 = バージョン (`acr-health --version`)、コマンド ライン、このメッセージを添えて報告してください。報告方法は docs/security.md を参照してください。
internal-error-fix-2 = --ignore-errors を付けて再実行すると、残りのチェックの結果を確認できます。

## Remediation for special cases

remedy-private-endpoints-only-fix-1 = パブリック ネットワーク アクセスが無効なため、クライアントを受け入れるのはレジストリのプライベート エンドポイントだけで、IP 規則は適用されません。プライベート エンドポイントのいずれかにリンクされたネットワークから実行してください。
remedy-private-endpoints-only-fix-2 = そのネットワークで、ログイン サーバーと各データ エンドポイントがプライベート エンドポイントのアドレスに解決されることを確認してください (プライベート DNS ゾーン privatelink.azurecr.io がそのネットワークにリンクされている必要があります)。--vnet <network> で確認できます。
remedy-private-endpoints-only-fix-3 = それらのネットワークの外にあるクライアントがレジストリに到達する必要がある場合は、そのネットワークにプライベート エンドポイントを追加するか、パブリック アクセスを有効にしてください (その場合は IP 規則が適用されます)。

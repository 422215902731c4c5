# acr-health: русский перевод (ru). Исходный текст: template.ftl (en.ftl).
# Идентификаторы и переменные { $...} совпадают с английским файлом (i18n/GUIDE.md).

## The text report: error lines, summary, closing pointer

report-error-occurred = Произошла ошибка: { $code }
report-reason = Причина: { $reason }
report-what-to-do = Что делать:
report-explain-error = Выполните 'acr-health explain { $code }', чтобы узнать причины и способы исправления.
report-explain-warning = Выполните 'acr-health explain { $code }', чтобы узнать подробности.
report-error-link = Подробнее см. { $link }
report-skipped = Пропущено: { $title } ({ $why })
report-skipped-default = пропущено
report-count-passed =
    { $count ->
        [one] { $count } пройдена
        [few] { $count } пройдены
        [many] { $count } пройдено
       *[other] { $count } пройдено
    }
report-count-info =
    { $count ->
        [one] { $count } примечание
        [few] { $count } примечания
        [many] { $count } примечаний
       *[other] { $count } примечания
    }
report-count-warnings =
    { $count ->
        [one] { $count } предупреждение
        [few] { $count } предупреждения
        [many] { $count } предупреждений
       *[other] { $count } предупреждения
    }
report-count-errors =
    { $count ->
        [one] { $count } ошибка
        [few] { $count } ошибки
        [many] { $count } ошибок
       *[other] { $count } ошибки
    }
report-count-skipped =
    { $count ->
        [one] { $count } пропущена
        [few] { $count } пропущены
        [many] { $count } пропущено
       *[other] { $count } пропущено
    }
report-list-separator = {", "}
report-summary = acr-health { $version } завершил работу в { $time } за { $seconds } с: { $counts }.
report-interrupted = Прервано сигналом { $signal }: незавершенные проверки остановлены вместе со всеми запущенными ими программами.
report-stopped-each = Проверка каждого реестра остановлена на его первой ошибке; чтобы выполнить все проверки, укажите --ignore-errors.
report-stopped = Проверка остановлена на первой ошибке; чтобы выполнить все проверки, укажите --ignore-errors.
report-closing = Подробнее см. { $link }

## -o markdown: heading, table columns, summary

markdown-heading = Отчет acr-health
markdown-meta = acr-health { $version } · запуск { $started } · { $seconds } с · реестры: { $registries }
markdown-no-registries = нет
markdown-column-check = проверка
markdown-column-status = состояние
markdown-column-result = результат
markdown-column-ms = мс
markdown-summary =
    { $passed ->
        [one] { $passed } пройдена
        [few] { $passed } пройдены
        [many] { $passed } пройдено
       *[other] { $passed } пройдено
    }, { $warnings ->
        [one] { $warnings } предупреждение
        [few] { $warnings } предупреждения
        [many] { $warnings } предупреждений
       *[other] { $warnings } предупреждения
    }, { $errors ->
        [one] { $errors } ошибка
        [few] { $errors } ошибки
        [many] { $errors } ошибок
       *[other] { $errors } ошибки
    }, { $skipped ->
        [one] { $skipped } пропущена
        [few] { $skipped } пропущены
        [many] { $skipped } пропущено
       *[other] { $skipped } пропущено
    }
markdown-stopped = (остановлено на первой ошибке)

## A check's status in words (the markdown table's status column)

status-ok = ОК
status-info = примечание
status-warning = предупреждение
status-error = ошибка
status-skipped = пропущено

## acr-health explain CODE

explain-extension = (расширение acr-health)
explain-message = Сообщение:
explain-az-message = Как его выводят az и -o az (на английском):
explain-causes = Вероятные причины:
explain-fixes = Что делать:
explain-more = Подробнее: { $link }

## acr-health codes

codes-extension = (расширение)

## The docs/errors.<lang>.md page

errors-doc-heading = Коды ошибок
errors-doc-intro = Все коды, которые может выдать acr-health. Коды с пометкой «расширение» введены этим проектом; остальные следуют справочнику по ошибкам проверки работоспособности реестра контейнеров Azure. { $command } выводит тот же текст без подключения к сети.
errors-doc-column-code = код
errors-doc-column-title = название
errors-doc-column-kind = тип
errors-doc-kind-extension = расширение
errors-doc-kind-reference = справочный
errors-doc-reference = Справочник: { $link }

## The spinner on a terminal, and --wait's notes (stderr)

spinner-starting = запуск
spinner-running = еще выполняются: { $titles }
spinner-attempt-failed = попытка { $attempt } не удалась; повторяем, осталось { $left }
spinner-attempt-failed-code = попытка { $attempt } не удалась ({ $code }); повторяем, осталось { $left }
spinner-next-attempt = { $note }; следующая попытка через { $pause }

## Check titles

check-configuration = Конфигурация
check-arguments = Аргументы
check-environment = Проверки среды
check-docker = Проверки Docker
check-docker-command = Команда Docker
check-docker-daemon = Демон Docker
check-docker-version = Версия Docker
check-docker-pull = Извлечение образа через Docker
check-docker-daemon-settings = Параметры демона Docker
check-tool-version = Версия acr-health
check-connection-verification = Проверка подключения
check-node = Узел Kubernetes
check-node-config = Конфигурация узла
check-node-credential-provider = Поставщик учетных данных kubelet
check-registry = Реестр
check-registry-login-server = Сервер входа
check-registry-dns = Разрешение имени в DNS
check-registry-challenge = Конечная точка проверки подлинности
check-registry-network-access = Сетевой доступ
check-registry-settings = Параметры реестра
check-registry-credential = Учетные данные
check-node-kubelet-identity = Удостоверение kubelet
check-registry-refresh-token = Токен обновления
check-registry-access-token = Токен доступа
check-registry-data-path = Путь данных
check-node-containerd-hosts = Хосты реестра в containerd
check-node-containerd-pull = Извлечение через containerd
check-registry-replications = Георепликации
check-registry-data-endpoints = Конечные точки данных
check-registry-regional-endpoints = Региональные конечные точки
check-registry-dual-stack = Двойной стек
check-registry-cmk = Удостоверение CMK
check-registry-docker-login = Вход через Docker
check-registry-docker-route = Маршрут демона Docker
check-vnet = DNS частной конечной точки
check-vnet-private-endpoint = DNS частной конечной точки
check-helm = Проверки Helm
check-helm-command = Команда Helm
check-helm-version = Версия Helm
check-notary = Проверка Notary
check-notary-version = Версия Notary
title-clock-skew = Расхождение часов

## Message templates besides the codes' own

msg-failed-command = Не удалось выполнить команду '{ $cmd }'. { $stderr }
msg-helm-retrieve-failed = Не удалось получить версию Helm. Убедитесь, что у вас установлены последняя версия Azure CLI и рекомендуемая версия Helm.
msg-notary-retrieve-failed = Не удалось получить версию notary. Убедитесь, что у вас установлены последняя версия Azure CLI и рекомендуемая версия notary.
msg-lacking-permissions = У вас есть разрешения { $granted } для репозитория. Не хватает разрешений { $missing }. Убедитесь, что у вас есть полные разрешения на чтение, запись и удаление в этом репозитории реестра.
msg-lacking-all-permissions = У вас нет разрешений для репозитория. Не хватает разрешений { $missing }. Убедитесь, что у вас есть полные разрешения на чтение, запись и удаление в этом репозитории реестра.
msg-data-endpoint = Реестр '{ $ls }' отдает слои с конечной точки данных '{ $endpoint }', а она недоступна отсюда, поэтому извлечь хранящееся там содержимое не получится. { $reason }

## Error codes: title, meaning, message, causes, what to do

# DOCKER_COMMAND_ERROR (a reference code: -o az keeps az's English message)
docker-command-error-title = Клиент Docker недоступен
docker-command-error-meaning = Не найден работоспособный клиент docker, поэтому ни одна из проверок Docker не выполнена.
docker-command-error-message = Убедитесь, что клиент Docker установлен и запускается.
docker-command-error-cause-1 = docker (или podman) не установлен или отсутствует в PATH этой оболочки
docker-command-error-cause-2 = DOCKER_COMMAND указывает на несуществующую программу
docker-command-error-cause-3 = docker найден только в текущем каталоге, а запускать его оттуда acr-health отказывается
docker-command-error-fix-1 = Установите клиент docker или добавьте его каталог в PATH.
docker-command-error-fix-2 = Если вы используете другой клиент, укажите его абсолютный путь в DOCKER_COMMAND.
docker-command-error-fix-3 = В поде или задании CI без docker укажите --skip docker.

# DOCKER_DAEMON_ERROR (a reference code: -o az keeps az's English message)
docker-daemon-error-title = Демон Docker недоступен
docker-daemon-error-meaning = Клиент docker запускается, но не может связаться с демоном Docker.
docker-daemon-error-message = Убедитесь, что демон Docker запущен, или попробуйте перезапустить его.
docker-daemon-error-cause-1 = демон (dockerd, Docker Desktop) не запущен
docker-daemon-error-cause-2 = DOCKER_HOST или текущий контекст docker указывает на сокет, который никто не прослушивает
docker-daemon-error-cause-3 = у вашего пользователя нет доступа к сокету демона (он не входит в группу docker)
docker-daemon-error-fix-1 = Запустите демон (например, `sudo systemctl start docker` или откройте Docker Desktop).
docker-daemon-error-fix-2 = Проверьте, что `docker context ls` и DOCKER_HOST указывают на нужный демон.
docker-daemon-error-fix-3 = В Linux добавьте своего пользователя в группу docker и войдите в систему заново.

# DOCKER_VERSION_ERROR (a reference code: -o az keeps az's English message)
docker-version-error-title = Не удалось прочитать версию Docker
docker-version-error-meaning = Команда `docker version` завершилась ошибкой или вывела то, что acr-health не смог разобрать.
docker-version-error-message = Не удалось получить версию Docker. Попробуйте проверить ее вручную.
docker-version-error-cause-1 = поврежденный или очень старый клиент docker
docker-version-error-cause-2 = вместо docker установлен скрипт-обертка, который не понимает --format
docker-version-error-cause-3 = команда зависла и была остановлена по тайм-ауту
docker-version-error-fix-1 = Выполните показанную выше команду сами и прочитайте ее ошибку.
docker-version-error-fix-2 = Переустановите или обновите клиент docker.

# DOCKER_PULL_ERROR (a reference code: -o az keeps az's English message)
docker-pull-error-title = Пробное извлечение через Docker не удалось
docker-pull-error-meaning = Демону Docker не удалось извлечь небольшой тестовый образ, поэтому извлечение из любого реестра может не работать.
docker-pull-error-message = Не удалось извлечь пример образа. Проверьте сетевое подключение и убедитесь, что демон Docker работает правильно.
docker-pull-error-cause-1 = у демона нет маршрута в Интернет или к реестру, где лежит образ
docker-pull-error-cause-2 = нужен прокси-сервер, но демон о нем не знает
docker-pull-error-cause-3 = диск демона заполнен, или образа, указанного в --pull-image, не существует
docker-pull-error-fix-1 = Прочитайте ошибку самого docker выше: обычно в ней указан хост или причина.
docker-pull-error-fix-2 = Если вы работаете через прокси-сервер, настройте его для демона, а не только для своей оболочки.
docker-pull-error-fix-3 = Чтобы воспроизвести ошибку, выполните `docker pull` того же образа вручную.

# HELM_COMMAND_ERROR (a reference code: -o az keeps az's English message)
helm-command-error-title = Клиент Helm не найден
helm-command-error-meaning = Клиент helm не найден в PATH.
helm-command-error-message = Убедитесь, что Helm установлен.
helm-command-error-cause-1 = helm не установлен или отсутствует в PATH этой оболочки
helm-command-error-fix-1 = Установите helm 3, если вы отправляете или извлекаете чарты.
helm-command-error-fix-2 = Если вы не используете helm, укажите --skip helm.

# HELM_VERSION_ERROR (a reference code: -o az keeps az's English message)
helm-version-error-title = Слишком старый клиент Helm
helm-version-error-meaning = Один код для двух проблем, как и в az: команда `helm version --client` завершилась ошибкой или сообщила о клиенте helm старше версии 2.11.0.
helm-version-error-message = Текущая версия клиента Helm не рекомендуется. Обновите клиент Helm как минимум до версии 2.11.0.
helm-version-error-cause-1 = старый клиент helm 2
helm-version-error-cause-2 = команда `helm version --client` завершилась ошибкой
helm-version-error-fix-1 = Если в сообщении сказано, что команда не выполнилась, запустите `helm version --client` сами; текст после команды — это ошибка самого helm.
helm-version-error-fix-2 = Если клиент старше версии 2.11.0, обновите helm: helm 3 работает с реестром напрямую по OCI.

# NOTARY_VERSION_ERROR (a reference code: -o az keeps az's English message)
notary-version-error-title = Несовместимый клиент Notary
notary-version-error-meaning = Версия клиента notary отличается от той, с которой гарантированно работает доверие к содержимому Docker (0.6.0), или команда `notary version` завершилась ошибкой.
notary-version-error-message =
    Текущая версия notary не рекомендуется. { $direction ->
        [upgrade] Обновите
       *[downgrade] Откатите
    } клиент notary до версии 0.6.0.
notary-version-error-cause-1 = в PATH раньше нужного находится другой исполняемый файл notary, более старый или более новый
notary-version-error-cause-2 = сборка notary, которая не сообщает свою версию
notary-version-error-fix-1 = Установите notary 0.6.0 или уберите другой исполняемый файл из PATH. Сборки для всех платформ есть на странице выпусков проекта: https://github.com/notaryproject/notary/releases
notary-version-error-fix-2 = В Windows docker находит клиент только как `notary.exe` в папке с собственными исполняемыми файлами docker (в Docker Desktop обычно `C:\Program Files\Docker\Docker\resources\bin`): скачайте сборку для Windows, переименуйте ее в `notary.exe` и поместите в эту папку.
notary-version-error-fix-3 = Требуется ровно 0.6.0, а не минимальная версия, поэтому более новый клиент тоже отмечается: az ввел это правило, потому что в notary 0.6.1 сломалась проверка подлинности для удаленных операций с сервером доверия.
notary-version-error-fix-4 = Доверие к содержимому Docker (Docker Content Trust), на котором работает notary, устарело; для подписывания новых образов используйте Notation (Notary Project v2). Если вы не подписываете образы с помощью доверия к содержимому Docker, укажите --skip notary.

# CMK_ERROR (a reference code: -o az keeps az's English message)
cmk-error-title = Нет удостоверения для шифрования
cmk-error-meaning = Реестр шифруется ключом, управляемым клиентом, и обращается к хранилищу ключей через управляемое удостоверение, которого больше нет, поэтому реестр не может получить свой ключ.
cmk-error-message = Удостоверение, используемое для шифрования реестра '{ $name }', не существует.
cmk-error-cause-1 = назначаемое пользователем удостоверение удалено
cmk-error-cause-2 = удостоверение удалено из реестра, хотя параметры шифрования все еще ссылаются на него
cmk-error-fix-1 = Создайте заново или снова назначьте удостоверение, указанное в параметрах шифрования реестра.
cmk-error-fix-2 = Снова предоставьте ему доступ get/wrapKey/unwrapKey к ключу в хранилище ключей.
cmk-error-fix-3 = К хранилищу ключей можно обращаться через назначаемое системой удостоверение реестра или через назначаемое пользователем: подойдет любое, если у него есть доступ к ключу.
cmk-error-fix-4 = Чтобы перейти на другое удостоверение, выполните ротацию ключа и укажите это удостоверение в той же операции (`az acr encryption rotate-key --identity <client id or [system]>`).

# CONNECTIVITY_DNS_ERROR (a reference code: -o az keeps az's English message)
connectivity-dns-error-title = Ошибка разрешения имени в DNS
connectivity-dns-error-meaning = Не удалось преобразовать имя реестра в адрес.
connectivity-dns-error-message = Не удалось разрешить в DNS имя реестра '{ $ls }'. Проверьте правильность написания, выбрано ли в среде CLI нужное облако, а также сетевое подключение.
connectivity-dns-error-cause-1 = опечатка в имени реестра или не то облако (.azurecr.io вместо .azurecr.cn / .azurecr.us)
connectivity-dns-error-cause-2 = DNS-сервер недоступен, отвечает SERVFAIL или не отвечает вовремя
connectivity-dns-error-cause-3 = частная зона DNS для privatelink.azurecr.io, в которой нет записи реестра
connectivity-dns-error-fix-1 = Сверьте имя и облако (--cloud) с сервером входа реестра.
connectivity-dns-error-fix-2 = Разрешите имя вручную (`nslookup <login server>`); попробуйте указать в --dns-server DNS-сервер, которому вы доверяете.
connectivity-dns-error-fix-3 = При использовании частных конечных точек проверьте записи A в зоне privatelink.azurecr.io, связанной с вашей сетью.
connectivity-dns-error-fix-4 = Если вы указали только имя реестра, а прочитать реестр из Azure не удалось (нет разрешения на чтение или выбрана не та подписка), сервер входа был выведен из имени: получите разрешение на чтение реестра или передайте его сервер входа через -n.

# CONNECTIVITY_FORBIDDEN_ERROR (a reference code: -o az keeps az's English message)
connectivity-forbidden-error-title = Реестр отказал в доступе
connectivity-forbidden-error-meaning = Реестр ответил 403 еще до входа: его сетевые правила не пропускают этот клиент.
connectivity-forbidden-error-message = Похоже, у вас нет доступа к реестру '{ $ls }'. Чтобы посмотреть настроенные правила брандмауэра, выполните 'az acr show --query networkRuleSet --name { $name }'. Подробнее: https://learn.microsoft.com/azure/container-registry/container-registry-health-error-reference#connectivity_forbidden_error
connectivity-forbidden-error-cause-1 = брандмауэр реестра пропускает только указанные диапазоны IP-адресов или сети, а ваших среди них нет
connectivity-forbidden-error-cause-2 = доступ из общедоступной сети отключен, а вы подключаетесь не через частную конечную точку
connectivity-forbidden-error-fix-1 = Добавьте показанный выше IP-адрес клиента в сетевые правила реестра или подключитесь из разрешенной сети.
connectivity-forbidden-error-fix-2 = Если реестр использует частные конечные точки, убедитесь, что здесь имя разрешается в частный адрес (--vnet).

# CONNECTIVITY_CHALLENGE_ERROR (a reference code: -o az keeps az's English message)
connectivity-challenge-error-title = Нет запроса проверки подлинности
connectivity-challenge-error-meaning = Запрос `GET /v2/` не завершился ответом 401 с запросом проверки подлинности, который любой реестр отправляет в начале входа.
connectivity-challenge-error-message = Реестр '{ $ls }' не выдал запрос проверки подлинности.
connectivity-challenge-error-cause-1 = подключение отклонено, сброшено или прервано по тайм-ауту
connectivity-challenge-error-cause-2 = вместо реестра ответил прокси-сервер или шлюз
connectivity-challenge-error-cause-3 = сервер не является реестром контейнеров
connectivity-challenge-error-fix-1 = Посмотрите на полученный ответ (он показан выше), чтобы понять, кто ответил.
connectivity-challenge-error-fix-2 = Проверьте прокси-серверы (HTTPS_PROXY / NO_PROXY) и брандмауэры между вами и реестром.
connectivity-challenge-error-fix-3 = Если на пути к реестру все в порядке, возможно, у службы временный сбой: повторите попытку через несколько минут.
connectivity-challenge-error-fix-4 = Если ошибка не проходит, сообщите о проблеме со службой: создайте для этого реестра запрос в службу поддержки на портале Azure (раздел «Справка и поддержка»).

# CONNECTIVITY_AAD_LOGIN_ERROR (a reference code: -o az keeps az's English message)
connectivity-aad-login-error-title = Реестр не поддерживает вход через AAD
connectivity-aad-login-error-meaning = Запрос проверки подлинности от реестра не является запросом Bearer с параметрами realm и service, поэтому вход с токеном невозможен.
connectivity-aad-login-error-message = Реестр '{ $ls }' не поддерживает вход через AAD.
connectivity-aad-login-error-cause-1 = сервер — это реестр, поддерживающий только проверку подлинности Basic (не реестр Azure)
connectivity-aad-login-error-cause-2 = промежуточный узел переписал заголовок WWW-Authenticate
connectivity-aad-login-error-fix-1 = Убедитесь, что имя указывает на реестр контейнеров Azure.
connectivity-aad-login-error-fix-2 = Для реестра с проверкой подлинности Basic проверьте вход командой `docker login`.
connectivity-aad-login-error-fix-3 = Вместо Entra ID можно включить учетную запись администратора реестра и войти с ее учетными данными (здесь через -u/-p или командой `docker login`).

# CONNECTIVITY_REFRESH_TOKEN_ERROR (a reference code: -o az keeps az's English message)
connectivity-refresh-token-error-title = Отказ в токене обновления
connectivity-refresh-token-error-meaning = Реестр не обменял токен Entra ID на токен обновления реестра.
connectivity-refresh-token-error-message = Доступ к реестру '{ $ls }' запрещен. Код ответа: { $status }. Чтобы обновить разрешения, снова выполните 'az login'.
connectivity-refresh-token-error-cause-1 = у удостоверения нет роли в реестре (AcrPull или выше)
connectivity-refresh-token-error-cause-2 = токен Entra ID выдан для другого клиента (tenant), просрочен или предназначен для другой аудитории
connectivity-refresh-token-error-cause-3 = в реестре отключена проверка подлинности AAD (токены с аудиторией ARM)
connectivity-refresh-token-error-fix-1 = Назначьте указанному выше удостоверению роль в реестре, например AcrPull.
connectivity-refresh-token-error-fix-2 = Получите новый токен: войдите снова или проверьте, в каком клиенте (tenant) находится субъект-служба.

# CONNECTIVITY_ACCESS_TOKEN_ERROR (a reference code: -o az keeps az's English message)
connectivity-access-token-error-title = Отказ в токене доступа
connectivity-access-token-error-meaning = Реестр не выдал токен доступа для запрошенной области или разрешил меньше действий, чем было запрошено.
connectivity-access-token-error-message = Доступ к реестру '{ $ls }' запрещен. Код ответа: { $status }. Чтобы обновить разрешения, снова выполните 'az login'.
connectivity-access-token-error-cause-1 = роль удостоверения не включает запрошенные действия
connectivity-access-token-error-cause-2 = допустимые действия ограничены токеном с областью действия репозитория или картой областей
connectivity-access-token-error-cause-3 = неверное имя пользователя или пароль администратора
connectivity-access-token-error-fix-1 = Сравните предоставленные и недостающие действия, показанные выше, с ожидаемой ролью.
connectivity-access-token-error-fix-2 = Назначьте роль, которая их включает (AcrPush для отправки, AcrDelete для удаления).

# CONNECTIVITY_SSL_ERROR (a reference code: -o az keeps az's English message)
connectivity-ssl-error-title = Сбой рукопожатия TLS
connectivity-ssl-error-meaning = Не удалось установить доверенное TLS-подключение к реестру.
connectivity-ssl-error-message = Не удалось установить безопасное подключение к реестру '{ $ls }'. Вы используете прокси-сервер?
connectivity-ssl-error-cause-1 = прокси-сервер с проверкой TLS, корневому сертификату которого этот компьютер не доверяет
connectivity-ssl-error-cause-2 = имя разрешается в сервер, который предъявляет сертификат другого хоста
connectivity-ssl-error-cause-3 = просроченный сертификат или сервер, поддерживающий только TLS ниже версии 1.2
connectivity-ssl-error-fix-1 = Если в вашей сети трафик TLS проверяется, передайте ее корневой сертификат через --ca-cert (или SSL_CERT_FILE).
connectivity-ssl-error-fix-2 = Проверьте, что имя разрешается в адрес реестра, а не промежуточного узла.

# CONNECTIVITY_TOOMANYREQUESTS_ERROR (a reference code: -o az keeps az's English message)
connectivity-toomanyrequests-error-title = Регулирование запросов
connectivity-toomanyrequests-error-meaning = Реестр ограничивает частоту запросов этого клиента (HTTP 429).
connectivity-toomanyrequests-error-message = Слишком много запросов, доступ к реестру '{ $ls }' запрещен. Подождите немного и повторите попытку.
connectivity-toomanyrequests-error-cause-1 = много клиентов или конвейеров выполняют вход одновременно
connectivity-toomanyrequests-error-cause-2 = цикл повторных попыток без паузы
connectivity-toomanyrequests-error-fix-1 = Подождите столько, сколько указал реестр (Retry-After; показан выше, если был отправлен), и повторите попытку.
connectivity-toomanyrequests-error-fix-2 = Распределите входы во времени и используйте токены повторно, а не запрашивайте новый для каждого извлечения.
connectivity-toomanyrequests-error-fix-3 = Ограничения на запросы зависят от уровня служб реестра (SKU: Basic, Standard, Premium); если вы упираетесь в них при обычной работе, переведите реестр на более высокий уровень.

# LOGIN_SERVER_ERROR (a reference code: -o az keeps az's English message)
login-server-error-title = Сервер входа неизвестен
login-server-error-meaning = acr-health не удалось определить сервер входа реестра.
login-server-error-message = Не удалось получить сервер входа для реестра '{ $name }'. Проверьте правильность написания, выбрано ли в среде CLI нужное облако и есть ли у вас необходимые разрешения для этого реестра.
login-server-error-cause-1 = для облака неизвестен суффикс реестров (пользовательское облако без суффикса)
login-server-error-cause-2 = реестра нет в подписке, или у вас нет прав на его чтение
login-server-error-fix-1 = Укажите сам сервер входа: -n myregistry.azurecr.io.
login-server-error-fix-2 = Проверьте написание имени реестра.
login-server-error-fix-3 = Убедитесь, что у используемого удостоверения есть разрешение на чтение реестра (например, роль Reader для реестра или его группы ресурсов).
login-server-error-fix-4 = Выберите нужное облако через --cloud или зарегистрируйте суффикс пользовательского облака в Azure CLI; если список облаков в Azure CLI слишком старый и не знает этот суффикс, обновите Azure CLI (`az upgrade`).

# CREDENTIAL_ERROR (an acr-health extension)
credential-error-title = Нет пригодных учетных данных
credential-error-meaning = Ни один источник учетных данных не выдал токен Entra ID (или ни один не настроен), поэтому шаги входа не выполнены.
credential-error-message = Не удалось использовать никакие учетные данные для реестра '{ $ls }'. { $reason }
credential-error-cause-1 = ничего не настроено: нет -u/-p, ACR_HEALTH_AAD_TOKEN, субъекта-службы, удостоверения рабочей нагрузки или управляемого удостоверения, нет входа в Azure CLI
credential-error-cause-2 = настроенный источник завершился ошибкой, например из-за неверного секрета клиента (AADSTS7000215) или неизвестного клиента (tenant)
credential-error-fix-1 = Посмотрите выше, какие источники были опробованы, и исправьте тот, который вы собирались использовать.
credential-error-fix-2 = Для субъекта-службы задайте AZURE_TENANT_ID, AZURE_CLIENT_ID и AZURE_CLIENT_SECRET.
credential-error-fix-3 = Если реестр разрешает анонимное извлечение, укажите --anonymous.

# UNTRUSTED_REALM_ERROR (an acr-health extension)
untrusted-realm-error-title = Служба токенов на чужом хосте
untrusted-realm-error-meaning = Запрос проверки подлинности указал службу токенов на другом хосте. acr-health отправляет токены и пароли только на собственный хост реестра.
untrusted-realm-error-message = Реестр '{ $ls }' запросил отправку учетных данных на '{ $realm }', а этот адрес находится не на собственном хосте реестра. Ничего не отправлено.
untrusted-realm-error-cause-1 = прокси-сервер или поддельный сервер, отвечающий вместо реестра
untrusted-realm-error-cause-2 = неправильно настроенный обратный прокси-сервер перед самостоятельно размещенным реестром
untrusted-realm-error-fix-1 = Проверьте, что имя реестра разрешается в адрес самого реестра, а не промежуточного узла.
untrusted-realm-error-fix-2 = Не выполняйте вход через эту конечную точку, пока не выясните, кто управляет хостом из realm.

# INSECURE_ENDPOINT_ERROR (an acr-health extension)
insecure-endpoint-error-title = Конечная точка для учетных данных не использует https
insecure-endpoint-error-meaning = Конечная точка, которая получила бы секрет или токен (центр проверки подлинности Entra ID, конечная точка ARM, конечная точка управляемого удостоверения), не является обычным URL-адресом https://. acr-health никогда не передает учетные данные открытым текстом, поэтому запросов туда не было вовсе.
insecure-endpoint-error-message = Адрес { $what } '{ $url }' (источник: { $from }): { $why }. На этот адрес передаются учетные данные, поэтому ничего не отправлено.
insecure-endpoint-error-cause-1 = пользовательское облако, зарегистрированное в Azure CLI (clouds.config) с конечной точкой http:// или с конечной точкой, в которой есть имя пользователя, строка запроса или фрагмент
insecure-endpoint-error-cause-2 = конечная точка управляемого удостоверения (IDENTITY_ENDPOINT) по обычному http, расположенная не на этом компьютере
insecure-endpoint-error-fix-1 = Исправьте конечную точку там, откуда она взята (это указано в сообщении); для пользовательского облака: `az cloud update --name <cloud> --endpoint-resource-manager https://…` (или --endpoint-active-directory).
insecure-endpoint-error-fix-2 = Если служба поддерживает только обычный http, поставьте перед ней TLS: учетные данные передаются только по https.

# PRIVATE_ENDPOINT_DNS_ERROR (an acr-health extension)
private-endpoint-dns-error-title = DNS в обход частной конечной точки
private-endpoint-dns-error-meaning = Имя, которое обслуживает частная конечная точка реестра, здесь разрешается в другой адрес, поэтому трафик для него идет мимо конечной точки.
private-endpoint-dns-error-message = DNS не направляет трафик реестра '{ $name }' на его частную конечную точку в виртуальной сети '{ $vnet }'. { $reason }
private-endpoint-dns-error-cause-1 = частная зона DNS privatelink.azurecr.io не связана с этой виртуальной сетью
private-endpoint-dns-error-cause-2 = в зоне нет записи для одного из имен конечной точки (часто для конечной точки данных, например <registry>.<region>.data.azurecr.io)
private-endpoint-dns-error-cause-3 = пользовательский DNS-сервер пересылает запросы для этого имени в общедоступную DNS, а не в Azure DNS (168.63.129.16)
private-endpoint-dns-error-fix-1 = Свяжите зону privatelink.azurecr.io с виртуальной сетью или добавьте недостающие записи A, показанные выше.
private-endpoint-dns-error-fix-2 = Если используются пользовательские DNS-серверы, настройте пересылку azurecr.io в Azure DNS (168.63.129.16).
private-endpoint-dns-error-fix-3 = Повторите проверку, указав в --dns-server DNS-сервер, которым пользуются ваши рабочие нагрузки.

# IMAGE_NOT_FOUND_ERROR (an acr-health extension)
image-not-found-error-title = Образ не найден
image-not-found-error-meaning = В реестре нет манифеста для репозитория и тега (или дайджеста), указанных в --image.
image-not-found-error-message = Образ '{ $image }' не найден в реестре '{ $ls }'. { $reason }
image-not-found-error-cause-1 = опечатка в имени репозитория или теге; теги чувствительны к регистру
image-not-found-error-cause-2 = тег удален или снят политикой хранения либо задачей очистки
image-not-found-error-cause-3 = репозиторий находится в другом реестре
image-not-found-error-fix-1 = Посмотрите, что есть в репозитории: `az acr repository show-tags -n <registry> --repository <repo>`.
image-not-found-error-fix-2 = Проверьте точную ссылку на образ в вашем развертывании, включая префикс реестра.

# DATA_PATH_ERROR (an acr-health extension)
data-path-error-title = Не удалось скачать содержимое образа
data-path-error-meaning = Сервер входа ответил, но скачать содержимое образа не удалось. BLOB-объекты обычно отдаются с отдельной конечной точки данных (хранилище BLOB-объектов или <registry>.<region>.data.azurecr.io), к которой брандмауэр, прокси-сервер или частная DNS могут относиться иначе.
data-path-error-message = Не удалось извлечь '{ $image }' из реестра '{ $ls }'. { $reason }
data-path-error-cause-1 = брандмауэр или прокси-сервер пропускает трафик к серверу входа, но не к конечной точке данных
data-path-error-cause-2 = одна из выделенных конечных точек данных реестра (по одной на регион) здесь не разрешается или не проходит рукопожатие TLS; acr-health проверяет каждую из них, когда читает реестр из ARM
data-path-error-cause-3 = при использовании частных конечных точек имени конечной точки данных нет в частной зоне DNS или оно недоступно
data-path-error-cause-4 = выделенные конечные точки данных включены, но не разрешены в правилах брандмауэра на стороне клиента
data-path-error-fix-1 = Разрешите указанную выше конечную точку данных (и ее порт 443) везде, где разрешен сервер входа.
data-path-error-fix-2 = При использовании частных конечных точек запустите проверку снова с --vnet, чтобы проверить все имена, которые обслуживает конечная точка.

# KUBELET_IDENTITY_ERROR (an acr-health extension)
kubelet-identity-error-title = Удостоверение kubelet не может войти
kubelet-identity-error-meaning = С --node: удостоверение, которое kubelet получает из конфигурации облачного поставщика узла, не получает токен реестра, поэтому все извлечения образов из этого реестра на узле завершаются ошибкой авторизации (ImagePullBackOff).
kubelet-identity-error-message = Удостоверение kubelet ({ $identity }) не может войти в реестр '{ $ls }'. { $reason }
kubelet-identity-error-cause-1 = срок действия секрета субъекта-службы в azure.json истек, или секрет был заменен (AADSTS7000222, AADSTS7000215)
kubelet-identity-error-cause-2 = aadClientId указывает на приложение, которого нет в клиенте (tenant) из конфигурации узла
kubelet-identity-error-cause-3 = назначаемое пользователем удостоверение из userAssignedIdentityID не назначено виртуальной машине или масштабируемому набору узла (IMDS отвечает 'Identity not found')
kubelet-identity-error-cause-4 = реестр не принимает пароли субъектов-служб, хотя с токеном Entra ID этого удостоверения извлечение прошло бы
kubelet-identity-error-fix-1 = Для субъекта-службы выдайте кластеру новый секрет (`az aks update-credentials --reset-service-principal`): эта команда перезапишет azure.json на каждом узле.
kubelet-identity-error-fix-2 = Для управляемого удостоверения проверьте, что удостоверение из userAssignedIdentityID назначено масштабируемому набору пула узлов.
kubelet-identity-error-fix-3 = После изменения снова запустите проверку с --node на этом узле; в причине выше указан ответ каждой службы.

# KUBELET_ACRPULL_ERROR (an acr-health extension)
kubelet-acrpull-error-title = Удостоверению kubelet запрещено извлечение
kubelet-acrpull-error-meaning = С --node: Entra ID принимает удостоверение kubelet, но реестр не разрешает ему извлечение: у удостоверения нет роли AcrPull (или роли, которая ее включает) в этом реестре.
kubelet-acrpull-error-message = Удостоверение kubelet ({ $identity }) входит в систему, но не может извлекать образы из реестра '{ $ls }'. { $reason }
kubelet-acrpull-error-cause-1 = кластер не был подключен к реестру или подключен к другому реестру
kubelet-acrpull-error-cause-2 = роль AcrPull назначена другому удостоверению (удостоверению плоскости управления кластера, а не удостоверению kubelet)
kubelet-acrpull-error-cause-3 = роль назначена в другой области (другой реестр или группа ресурсов) или только что (назначения вступают в силу через несколько минут)
kubelet-acrpull-error-cause-4 = реестр использует разрешения на уровне репозиториев (ABAC), а у удостоверения нет роли, которая охватывает этот репозиторий
kubelet-acrpull-error-fix-1 = Подключите реестр к кластеру (`az aks update -n <cluster> -g <group> --attach-acr <registry>`) или назначьте указанному выше идентификатору клиента (client ID) роль AcrPull в области идентификатора ресурса реестра.
kubelet-acrpull-error-fix-2 = Подождите несколько минут после нового назначения роли, затем снова запустите проверку с --node.

# CONTAINERD_CONFIG_ERROR (an acr-health extension)
containerd-config-error-title = Не удалось прочитать конфигурацию реестра в containerd
containerd-config-error-meaning = С --node: файл конфигурации containerd или hosts.toml в каталоге хоста реестра не удается прочитать или разобрать, поэтому containerd не может обращаться к реестру так, как настроено.
containerd-config-error-message = Конфигурацию реестра '{ $ls }' в containerd нельзя использовать. { $reason }
containerd-config-error-cause-1 = синтаксическая ошибка TOML в /etc/containerd/config.toml или в файле hosts.toml в каталоге из его config_path
containerd-config-error-cause-2 = значение неверного типа (число там, где containerd ожидает строку или список)
containerd-config-error-cause-3 = версия конфигурации, которую containerd не читает
containerd-config-error-fix-1 = Исправьте указанный выше файл; `containerd config dump` показывает, как сам containerd читает свою конфигурацию.
containerd-config-error-fix-2 = После изменения config.toml перезапустите containerd (файлы hosts.toml читаются при каждом извлечении).

# CONTAINERD_PULL_ERROR (an acr-health extension)
containerd-pull-error-title = Извлечение через containerd не удалось
containerd-pull-error-meaning = С --node и --image: собственный клиент containerd не смог извлечь образ, используя каталог хостов узла и учетные данные удостоверения kubelet, — это близко к тому, что kubelet поручает containerd.
containerd-pull-error-message = Не удалось извлечь '{ $image }' из реестра '{ $ls }' через containerd. { $reason }
containerd-pull-error-cause-1 = зеркало из hosts.toml предъявляет сертификат, который не покрывается его файлом ca, или сам файл ca неверен
containerd-pull-error-cause-2 = ни один хост из hosts.toml не доступен с узла, или переопределение направляет хост реестра в другое место
containerd-pull-error-cause-3 = удостоверению kubelet запрещено извлекать образы из этого репозитория (см. проверку удостоверения kubelet выше)
containerd-pull-error-cause-4 = containerd не запущен, или CONTAINERD_ADDRESS не указывает на его сокет
containerd-pull-error-fix-1 = В причине выше посмотрите, какие хосты пробовал containerd и почему каждый не сработал, затем исправьте соответствующую запись в hosts.toml.
containerd-pull-error-fix-2 = Выполните показанную выше команду вручную на узле, чтобы получить полный журнал containerd (добавьте --http-dump, чтобы видеть каждый запрос).

# SLOW_TLS_HANDSHAKE_WARNING (an acr-health extension)
slow-tls-handshake-warning-title = Медленная установка подключения
slow-tls-handshake-warning-meaning = Это предупреждение, а не сбой: подключение установлено, но одна только его установка заняла столько же, сколько несколько циклов обмена с реестром в другом регионе. Каждое новое подключение снова тратит это время, поэтому сильнее всего это заметно при извлечении образов с большим числом слоев.
slow-tls-handshake-warning-message = Установка подключения к '{ $host }' (TCP и рукопожатие TLS) заняла { $took }, что больше { $limit }.
slow-tls-handshake-warning-cause-1 = прокси-сервер или брандмауэр с проверкой TLS, который работает медленно или перегружен
slow-tls-handshake-warning-cause-2 = потеря пакетов на пути, из-за которой TCP и TLS ждут повторной передачи
slow-tls-handshake-warning-cause-3 = очень удаленная конечная точка (другой континент, спутниковый канал)
slow-tls-handshake-warning-cause-4 = компьютеру или контейнеру настолько не хватает ЦП, что медленным становится само рукопожатие
slow-tls-handshake-warning-fix-1 = Запустите проверку снова с --timings, чтобы увидеть время установки каждого подключения и его хост.
slow-tls-handshake-warning-fix-2 = Если на пути есть прокси-сервер с проверкой TLS, исключите из проверки сервер входа и конечные точки данных реестра.
slow-tls-handshake-warning-fix-3 = Извлекайте образы из геореплики в регионе рядом с клиентом или перенесите клиент ближе к реестру.

# SLOW_TOKEN_REQUEST_WARNING (an acr-health extension)
slow-token-request-warning-title = Медленный запрос токена
slow-token-request-warning-meaning = Это предупреждение, а не сбой: служба токенов реестра ответила, но медленно. Любое извлечение или отправка начинается с такого запроса, поэтому клиенты ждут столько же, прежде чем начнется передача содержимого.
slow-token-request-warning-message = Ответ на запрос токена { $what } к '{ $host }' пришел через { $took }, что больше { $limit }.
slow-token-request-warning-cause-1 = к реестру применяется регулирование запросов, или он сильно нагружен (ограничения запросов для его уровня служб)
slow-token-request-warning-cause-2 = служба токенов медленно проверяет удостоверение или назначения ролей вызывающей стороны
slow-token-request-warning-cause-3 = прокси-сервер или брандмауэр, который задерживает запросы перед передачей
slow-token-request-warning-fix-1 = Запустите проверку снова с --timings, чтобы увидеть время до первого байта отдельно от времени установки подключения.
slow-token-request-warning-fix-2 = Если задержка не проходит, проверьте метрики реестра на регулирование запросов (ответы HTTP 429) и рассмотрите более высокий уровень служб.
slow-token-request-warning-fix-3 = Проверьте страницу состояния Azure для региона реестра.

# DEADLINE_EXCEEDED_ERROR (an acr-health extension)
deadline-exceeded-error-title = Истек общий срок выполнения
deadline-exceeded-error-meaning = --deadline ограничивает время всего запуска. Когда срок истек, эта проверка еще не завершилась, поэтому она остановлена и считается неудачной.
deadline-exceeded-error-message = Проверка '{ $title }' еще выполнялась, когда истек общий срок выполнения ({ $deadline }).
deadline-exceeded-error-cause-1 = сервер, который принимает подключения, но отвечает медленно или не отвечает вовсе
deadline-exceeded-error-cause-2 = срок короче, чем нужно проверкам в этой сети (каждый сетевой шаг может занимать до --timeout)
deadline-exceeded-error-cause-3 = цепочка учетных данных, которая перебирает несколько источников, и каждый из них долго завершается ошибкой
deadline-exceeded-error-fix-1 = Запустите проверку снова с --debug, чтобы увидеть, какой запрос еще ждал ответа.
deadline-exceeded-error-fix-2 = Задайте больший --deadline или меньший --timeout, чтобы каждый шаг прекращался раньше.

# OPEN_FILES_LIMIT_ERROR (an acr-health extension)
open-files-limit-error-title = Исчерпан лимит открытых файлов (собственный лимит acr-health)
open-files-limit-error-meaning = acr-health не смог открыть сокет или файл: он уже держал столько, сколько ему разрешено (лимит открытых файлов), или заполнилась общая таблица открытых файлов машины. Проверка на этом остановилась и считается неудачной, но причина — ограничение этой машины, а не реестр и не сеть; в причине указаны лимит и то, что делала проверка.
open-files-limit-error-message = Проверку '{ $title }' не удалось завершить: у acr-health закончились собственные файловые дескрипторы. О состоянии реестра это ничего не говорит.
open-files-limit-error-cause-1 = слишком большой --parallel: реестрам, проверяемым одновременно, нужно больше сокетов, чем допускает лимит открытых файлов
open-files-limit-error-cause-2 = низкий лимит открытых файлов у процесса: `ulimit -n` оболочки, значение по умолчанию диспетчера служб или среды выполнения контейнеров
open-files-limit-error-cause-3 = другой процесс на машине занял почти все открытые файлы системы (ENFILE)
open-files-limit-error-fix-1 = Проверяйте меньше реестров одновременно: уменьшите --parallel (значение по умолчанию, 64, укладывается в лимит 1 024 открытых файла).
open-files-limit-error-fix-2 = Или повысьте лимит открытых файлов для acr-health: `ulimit -n` в оболочке, из которой он запускается, LimitNOFILE= в юните systemd, --ulimit nofile= для контейнера.
open-files-limit-error-fix-3 = Если в причине сказано, что заполнена таблица системы (ENFILE), сначала найдите процесс, который держит файлы (`lsof`), и только потом повышайте общий лимит машины.

# INTERNAL_ERROR (an acr-health extension)
internal-error-title = Внутренняя ошибка acr-health
internal-error-meaning = Проверка наткнулась на ошибку в самом acr-health и не смогла завершиться. Остальные проверки это не затрагивает; запуск считается неудачным.
internal-error-message = Проверка '{ $title }' остановлена из-за ошибки в acr-health.
internal-error-cause-1 = ответ или файл в формате, которого acr-health не ожидал
internal-error-cause-2 = дефект в acr-health
internal-error-fix-1 = Сообщите об ошибке, указав версию (`acr-health --version`), командную строку и это сообщение; как это сделать, описано в docs/security.md.
internal-error-fix-2 = Запустите проверку снова с --ignore-errors, чтобы увидеть результаты остальных проверок.

## Remediation for special cases

remedy-private-endpoints-only-fix-1 = Доступ из общедоступной сети отключен, поэтому клиентов пропускают только частные конечные точки реестра, а правила для IP-адресов не действуют: запускайте проверку из сети, связанной с одной из его частных конечных точек.
remedy-private-endpoints-only-fix-2 = Проверьте в этой сети, что сервер входа и каждая конечная точка данных разрешаются в адрес частной конечной точки (частная зона DNS privatelink.azurecr.io должна быть связана с этой сетью); это проверяет --vnet <network>.
remedy-private-endpoints-only-fix-3 = Если к реестру должны обращаться клиенты вне этих сетей, добавьте частную конечную точку в их сети или включите доступ из общедоступной сети (тогда действуют правила для IP-адресов).
